// Differential test of bulwark's policy engine: generates policies and requests from a fixed seed,
// decides each case with `bulwark policy simulate --batch` and with @cloud-copilot/iam-simulate (an
// independent implementation of AWS's evaluation logic, pinned by package-lock.json), and fails on
// any disagreement that no entry of reviewed.json explains. Each reviewed entry names the AWS page
// that settles it and which side that page says is right.
//
//   node differential.mjs --bulwark BIN [--cases N] [--seed S] [--reviewed FILE] [--dump FILE]
//       [--report FILE]   (every unreviewed disagreement as JSON lines)
//
// Deterministic: the cases depend only on the seed and the count. Exit status 0 when every
// disagreement is reviewed, 1 otherwise (each unexplained case is printed with its policies).
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runSimulation } from '@cloud-copilot/iam-simulate';

const here = dirname(fileURLToPath(import.meta.url));

function parseArgs(argv) {
  const args = { cases: 6000, seed: 9, reviewed: join(here, 'reviewed.json'), dump: null, report: null, bulwark: null };
  for (let i = 2; i < argv.length; i += 2) {
    const key = argv[i].replace(/^--/, '');
    if (!(key in args)) throw new Error(`unknown flag ${argv[i]}`);
    args[key] = ['cases', 'seed'].includes(key) ? Number(argv[i + 1]) : argv[i + 1];
  }
  if (!args.bulwark) throw new Error('--bulwark BIN is required');
  return args;
}

// mulberry32: a small seeded generator, so the corpus is the same on every machine.
function rng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    chance: (p) => next() < p,
    pick: (list) => list[Math.floor(next() * list.length)],
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    some: (list, max) => {
      const n = 1 + Math.floor(next() * Math.min(max, list.length));
      const copy = [...list];
      const out = [];
      for (let i = 0; i < n; i++) out.push(copy.splice(Math.floor(next() * copy.length), 1)[0]);
      return out;
    },
  };
}

// --- The world the cases live in (the IAM User Guide's example accounts) ---
const A = '111122223333'; // The principals' home account.
const B = '444455556666'; // A second account.
const C = '777788889999'; // An account nobody uses.

const PRINCIPALS = [
  { arn: `arn:aws:iam::${A}:user/Alice`, account: A, kind: 'user', name: 'Alice' },
  { arn: `arn:aws:iam::${A}:user/bob`, account: A, kind: 'user', name: 'bob' },
  { arn: `arn:aws:sts::${A}:assumed-role/Admin/alice-session`, account: A, kind: 'session', role: `arn:aws:iam::${A}:role/Admin` },
  { arn: `arn:aws:iam::${A}:root`, account: A, kind: 'root' },
  { arn: `arn:aws:iam::${B}:user/Carol`, account: B, kind: 'user', name: 'Carol' },
  { arn: `arn:aws:sts::${B}:assumed-role/Reader/s1`, account: B, kind: 'session', role: `arn:aws:iam::${B}:role/Reader` },
];

// Each service: its actions, the resources a request may name, and patterns policies may use.
const SERVICES = {
  s3: {
    actions: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
    resources: ['arn:aws:s3:::bucket-a/report.csv', 'arn:aws:s3:::bucket-a/logs/app.log', 'arn:aws:s3:::bucket-b/k'],
    patterns: ['arn:aws:s3:::bucket-a/*', 'arn:aws:s3:::bucket-*/*', 'arn:aws:s3:::bucket-a/logs/*', 'arn:aws:s3:::bucket-a*',
      'arn:aws:s3:::bucket-?/k', 'arn:aws:s3:::*'],
    rcp: true,
    resourcePolicy: true,
  },
  sqs: {
    actions: ['sqs:SendMessage', 'sqs:ReceiveMessage', 'sqs:DeleteMessage'],
    resources: [`arn:aws:sqs:us-east-1:${A}:queue1`, `arn:aws:sqs:us-east-1:${B}:queue1`, `arn:aws:sqs:us-west-2:${B}:orders`],
    patterns: [`arn:aws:sqs:us-east-1:${A}*`, `arn:aws:sqs:us-east-1:${B}*`, 'arn:aws:sqs:*', 'arn:aws:sqs:us-*',
      `arn:aws:sqs:*:${B}:*`, `arn:aws:sqs:us-east-1:*:queue1`, `arn:aws:sqs:us-west-2:${B}:ord*`],
    rcp: true,
    resourcePolicy: true,
  },
  sns: {
    actions: ['sns:Publish', 'sns:Subscribe'],
    resources: [`arn:aws:sns:us-east-1:${A}:alerts`, `arn:aws:sns:us-east-1:${B}:alerts`],
    patterns: [`arn:aws:sns:us-east-1:${B}*`, `arn:aws:sns:*:*:alerts`, 'arn:aws:sns:us-east-1:*'],
    rcp: false,
    resourcePolicy: true,
  },
  dynamodb: {
    actions: ['dynamodb:GetItem', 'dynamodb:PutItem'],
    resources: [`arn:aws:dynamodb:us-east-1:${A}:table/Books`, `arn:aws:dynamodb:us-east-1:${B}:table/Books`],
    patterns: [`arn:aws:dynamodb:us-east-1:${A}:table/*`, `arn:aws:dynamodb:*:${B}:table/Bo*`, `arn:aws:dynamodb:us-east-1:${A}*`],
    rcp: false,
    resourcePolicy: false,
  },
  sts: {
    actions: ['sts:AssumeRole', 'sts:TagSession'],
    resources: [`arn:aws:iam::${A}:role/Deploy`, `arn:aws:iam::${B}:role/Deploy`],
    patterns: [`arn:aws:iam::${A}:role/*`, `arn:aws:iam::*:role/Deploy`, `arn:aws:iam::${B}*`],
    rcp: true,
    resourcePolicy: true,
    trust: true,
  },
};

// Condition blocks over global keys, and the context values requests may carry.
const CONDITIONS = [
  { StringEquals: { 'aws:PrincipalTag/team': 'blue' } },
  { StringEquals: { 'aws:PrincipalTag/team': ['blue', 'red'] } },
  { StringLike: { 'aws:PrincipalTag/team': 'bl*' } },
  { StringNotEquals: { 'aws:PrincipalTag/team': 'blue' } },
  { StringEqualsIgnoreCase: { 'aws:PrincipalTag/team': 'BLUE' } },
  { StringEqualsIfExists: { 'aws:PrincipalTag/team': 'blue' } },
  { Null: { 'aws:PrincipalTag/team': 'true' } },
  { Null: { 'aws:PrincipalTag/team': 'false' } },
  { Bool: { 'aws:SecureTransport': 'true' } },
  { Bool: { 'aws:SecureTransport': 'false' } },
  { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } },
  { NotIpAddress: { 'aws:SourceIp': ['10.0.0.0/8', '172.16.0.0/12'] } },
  { NumericLessThan: { 'aws:MultiFactorAuthAge': '3600' } },
  { NumericGreaterThanEquals: { 'aws:MultiFactorAuthAge': '3600' } },
  { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } },
  { StringEquals: { 'aws:PrincipalAccount': A } },
  { StringNotEquals: { 'aws:PrincipalAccount': B } },
  { ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${A}:*` } },
  { ArnEquals: { 'aws:PrincipalArn': `arn:aws:iam::${A}:role/Admin` } },
  { StringLike: { 'aws:PrincipalArn': 'arn:aws:iam::${aws:PrincipalAccount}:*' } },
  { DateGreaterThan: { 'aws:CurrentTime': '2020-01-01T00:00:00Z' } },
  { DateLessThan: { 'aws:CurrentTime': '2020-01-01T00:00:00Z' } },
  { StringEquals: { 'aws:PrincipalTag/team': 'blue' }, Bool: { 'aws:SecureTransport': 'true' } },
];

function context(r, principal) {
  const ctx = {
    'aws:PrincipalAccount': principal.account,
    'aws:PrincipalArn': principal.kind === 'session' ? principal.role : principal.arn,
    'aws:CurrentTime': '2024-06-01T12:00:00Z',
  };
  if (r.chance(0.6)) ctx['aws:PrincipalTag/team'] = r.pick(['blue', 'red', 'Blue']);
  if (r.chance(0.7)) ctx['aws:SecureTransport'] = r.pick(['true', 'false']);
  if (r.chance(0.6)) ctx['aws:SourceIp'] = r.pick(['10.1.2.3', '192.168.0.1', '172.16.5.4']);
  if (r.chance(0.4)) ctx['aws:MultiFactorAuthAge'] = r.pick(['100', '7200']);
  if (r.chance(0.5)) ctx['aws:PrincipalOrgID'] = r.pick(['o-a1b2c3d4e5', 'o-zzzzzzzzzz']);
  return ctx;
}

function actionPattern(r, service, action) {
  const s = SERVICES[service];
  return r.pick([
    action, action, r.pick(s.actions), `${service}:*`, '*', `${service}:${action.split(':')[1].slice(0, 3)}*`,
    `${service}:*${action.split(':')[1].slice(-4)}`, action.toLowerCase(), 'ec2:DescribeInstances',
  ]);
}

function resourcePattern(r, service, resource, { allowShort = true } = {}) {
  const s = SERVICES[service];
  let p = r.pick([resource, resource, '*', r.pick(s.resources), r.pick(s.patterns), r.pick(s.patterns)]);
  // RCPs and IAM's validation accept short ARNs only with a trailing wildcard; keep them out where asked.
  if (!allowShort && p !== '*' && p.split(':').length < 6) p = resource;
  return p;
}

function statement(r, service, action, resource, opts) {
  const st = {};
  if (r.chance(0.5)) st.Sid = `S${r.int(0, 99)}`;
  st.Effect = opts.effect ?? (r.chance(opts.denyRate ?? 0.25) ? 'Deny' : 'Allow');
  if (opts.principal) Object.assign(st, opts.principal(st.Effect));
  let actions = r.some([0, 1, 2], 2).map(() => actionPattern(r, service, action));
  // RCP syntax ("Resource control policies"): Action only, and never "*" alone.
  if (opts.rcp) actions = actions.map((a) => (a === '*' ? `${service}:*` : a));
  if (!opts.rcp && r.chance(0.1)) st.NotAction = actions.length === 1 ? actions[0] : actions;
  else st.Action = actions.length === 1 ? actions[0] : actions;
  if (!opts.noResource) {
    const resources = r.some([0, 1], 2).map(() => resourcePattern(r, service, resource, opts));
    if (r.chance(0.1)) st.NotResource = resources.length === 1 ? resources[0] : resources;
    else st.Resource = resources.length === 1 ? resources[0] : resources;
  }
  if (r.chance(opts.conditionRate ?? 0.35)) st.Condition = r.pick(CONDITIONS);
  return st;
}

function policy(r, service, action, resource, opts = {}) {
  const statements = [];
  const n = r.int(1, opts.maxStatements ?? 3);
  for (let i = 0; i < n; i++) statements.push(statement(r, service, action, resource, opts));
  statements.forEach((st, i) => {
    if (st.Sid) st.Sid = `${st.Sid}x${i}`;
  });
  return { Version: '2012-10-17', Statement: statements };
}

function principalElement(r, principal, effect) {
  const role = `arn:aws:iam::${A}:role/Admin`;
  const session = `arn:aws:sts::${A}:assumed-role/Admin/alice-session`;
  if (effect === 'Deny' && r.chance(0.3)) {
    const lists = [[session, role, `arn:aws:iam::${A}:root`], [role, `arn:aws:iam::${A}:root`],
      [`arn:aws:iam::${A}:user/Alice`, `arn:aws:iam::${A}:root`], [`arn:aws:iam::${A}:user/Alice`], [session, role, A]];
    const list = r.pick(lists);
    return { NotPrincipal: { AWS: list.length === 1 ? list[0] : list } };
  }
  const aws = r.pick([
    '*', A, B, C, `arn:aws:iam::${A}:root`, `arn:aws:iam::${B}:root`, principal.arn, principal.arn, `arn:aws:iam::${A}:user/alice`,
    role, session, `arn:aws:iam::${B}:role/Reader`, `arn:aws:iam::${A}:user/Alice`,
  ]);
  if (r.chance(0.1)) return { Principal: '*' };
  if (r.chance(0.05)) return { Principal: { Service: 'sqs.amazonaws.com' } };
  return { Principal: { AWS: aws } };
}

function generate(seed, count) {
  const r = rng(seed);
  const cases = [];
  for (let id = 0; id < count; id++) {
    const service = r.pick(Object.keys(SERVICES));
    const s = SERVICES[service];
    const action = r.pick(s.actions);
    const resource = r.pick(s.resources);
    const principal = r.pick(PRINCIPALS);
    const c = {
      id,
      request: { principal: principal.arn, action, resource, context: context(r, principal) },
      identityPolicies: [],
    };
    // S3 ARNs name no account: half the cases say who owns the bucket.
    if (service === 's3' && r.chance(0.5)) c.request.resourceAccount = r.pick([A, B]);
    // No policy can be attached to the root user.
    const identityCount = principal.kind === 'root' ? 0 : r.int(0, 2);
    for (let i = 0; i < identityCount; i++) c.identityPolicies.push(policy(r, service, action, resource));
    if (s.resourcePolicy && r.chance(0.55)) {
      c.resourcePolicy = policy(r, service, action, resource, {
        principal: (effect) => principalElement(r, principal, effect),
        noResource: !!s.trust,
        denyRate: 0.3,
      });
    }
    if (principal.kind !== 'root' && r.chance(0.2)) {
      c.permissionBoundaries = [policy(r, service, action, resource, { denyRate: 0.1, maxStatements: 2 })];
    }
    if (principal.kind === 'session' && r.chance(0.2)) {
      c.sessionPolicy = policy(r, service, action, resource, { denyRate: 0.1, maxStatements: 2 });
    }
    if (r.chance(0.2)) {
      const levels = r.int(1, 2);
      c.scps = [];
      for (let l = 0; l < levels; l++) {
        const level = [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }];
        if (r.chance(0.5)) level.push(policy(r, service, action, resource, { maxStatements: 2, conditionRate: 0.5 }));
        if (r.chance(0.2)) level.splice(0, 1); // A level without FullAWSAccess.
        c.scps.push(level);
      }
    }
    if (s.rcp && r.chance(0.15)) {
      c.rcps = [[policy(r, service, action, resource, {
        effect: 'Deny', principal: () => ({ Principal: '*' }), allowShort: false, rcp: true, maxStatements: 2, conditionRate: 0.7,
      })]];
    }
    c.tags = tagsOf(c, principal, service);
    cases.push(c);
  }
  return cases;
}

// The account that owns the resource: the case's, else the ARN's account field, else the
// principal's (ARNs without one, such as S3's): what bulwark derives, given to iam-simulate as is.
function resourceAccount(c) {
  if (c.request.resourceAccount) return c.request.resourceAccount;
  const account = c.request.resource.split(':')[4];
  if (/^\d{12}$/.test(account ?? '')) return account;
  return c.request.principal.split(':')[4];
}

// Features a reviewed entry can name.
function tagsOf(c, principal, service) {
  const tags = new Set([`service:${service}`, `principal:${principal.kind}`]);
  tags.add(resourceAccount(c) === principal.account ? 'same-account' : 'cross-account');
  const all = [...c.identityPolicies, c.resourcePolicy, ...(c.permissionBoundaries ?? []), c.sessionPolicy,
    ...(c.scps ?? []).flat(), ...(c.rcps ?? []).flat()].filter(Boolean);
  for (const p of all) {
    for (const st of p.Statement) {
      if (st.NotPrincipal) {
        tags.add('not-principal');
        // Lists the caller's account or role but not the caller's own ARN.
        const listed = [st.NotPrincipal.AWS ?? []].flat();
        const byAccount = listed.includes(principal.account) || listed.includes(`arn:aws:iam::${principal.account}:root`);
        const byRole = principal.role && listed.includes(principal.role);
        if ((byAccount || byRole) && !listed.includes(principal.arn)) tags.add('not-principal-names-account-or-role-only');
        if (listed.includes(principal.arn) && !byAccount) tags.add('not-principal-names-caller-without-account');
      }
      for (const res of [st.NotResource ?? []].flat()) {
        if (res !== '*' && res.split(':').length < 6) tags.add('not-resource-short-arn');
      }
      if (st.NotAction) tags.add('not-action');
      if (st.NotResource) tags.add('not-resource');
      for (const res of [st.Resource ?? st.NotResource ?? []].flat()) {
        if (res !== '*' && res.split(':').length < 6) tags.add('short-arn');
      }
      if (st.Condition) for (const op of Object.keys(st.Condition)) tags.add(`condition:${op}`);
    }
  }
  if (c.resourcePolicy) tags.add('resource-policy');
  // A role session with a session policy that a resource policy grants by its own ARN, or by "*".
  const names = (st, value) => st.Effect === 'Allow' && st.Principal &&
    (st.Principal === value || [st.Principal.AWS ?? []].flat().includes(value));
  if (principal.kind === 'session' && c.sessionPolicy && c.resourcePolicy) {
    if (c.resourcePolicy.Statement.some((st) => names(st, principal.arn))) tags.add('session-policy-with-session-arn-grant');
    if (c.resourcePolicy.Statement.some((st) => names(st, '*'))) tags.add('session-policy-with-wildcard-grant');
  }
  if (c.permissionBoundaries) tags.add('boundary');
  if (c.sessionPolicy) tags.add('session-policy');
  if (c.scps) tags.add('scp');
  if (c.rcps) tags.add('rcp');
  return [...tags].sort();
}

function runBulwark(bin, cases) {
  const input = cases.map(({ tags, ...c }) => JSON.stringify(c)).join('\n') + '\n';
  const out = spawnSync(bin, ['policy', 'simulate', '--batch'], { input, maxBuffer: 1 << 30, encoding: 'utf8' });
  if (out.error) throw out.error;
  const results = new Map();
  for (const line of out.stdout.split('\n')) {
    if (!line) continue;
    const r = JSON.parse(line);
    results.set(r.id, r.error ? `error:${r.error.code}: ${r.error.message}` : r.decision);
  }
  return results;
}

const DECISIONS = { Allowed: 'allowed', ExplicitlyDenied: 'explicitDeny', ImplicitlyDenied: 'implicitDeny' };

async function runIamSimulate(c) {
  const policies = (list, prefix) => (list ?? []).map((policy, i) => ({ name: `${prefix}${i}`, policy }));
  // iam-simulate needs an identity-based policy for the root user, which has none: "How AWS
  // enforcement code logic evaluates requests to allow or deny access"
  // (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html)
  // says every request is implicitly denied "with the exception of the AWS account root user, which
  // has full access", so the root user is given it as an Allow of everything.
  const identity = c.request.principal.endsWith(':root')
    ? [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }]
    : c.identityPolicies;
  const simulation = {
    request: {
      principal: c.request.principal,
      action: c.request.action,
      resource: { resource: c.request.resource, accountId: resourceAccount(c) },
      contextVariables: c.request.context,
    },
    identityPolicies: policies(identity, 'identity'),
    serviceControlPolicies: (c.scps ?? []).map((level, i) => ({ orgIdentifier: `ou-${i}`, policies: policies(level, `scp${i}-`) })),
    resourceControlPolicies: (c.rcps ?? []).map((level, i) => ({ orgIdentifier: `ou-${i}`, policies: policies(level, `rcp${i}-`) })),
    resourcePolicy: c.resourcePolicy,
    permissionBoundaryPolicies: c.permissionBoundaries ? policies(c.permissionBoundaries, 'boundary') : undefined,
    sessionPolicy: c.sessionPolicy,
  };
  const result = await runSimulation(simulation, { simulationMode: 'Strict' });
  if (result.resultType === 'error') return `error:${JSON.stringify(result.errors)}`;
  const ignored = result.result?.ignoredContextKeys ?? [];
  if (ignored.length > 0) return `error:ignored context keys ${ignored.join(',')}`;
  return DECISIONS[result.overallResult] ?? `error:${result.overallResult}`;
}

// A disagreement is reviewed when an entry's tags are all on the case (and none of its `unless`
// tags), and the pair of decisions (bulwark's, iam-simulate's) is one the entry records.
function reviewedEntry(reviewed, c, bulwark, other) {
  return reviewed.find((e) => e.decisions.some(([ours, theirs]) => ours === bulwark && theirs === other) &&
    e.tags.every((t) => c.tags.includes(t)) && !(e.unless ?? []).some((t) => c.tags.includes(t)));
}

async function main() {
  const args = parseArgs(process.argv);
  const started = Date.now();
  const reviewed = JSON.parse(readFileSync(args.reviewed, 'utf8')).entries;
  const cases = generate(args.seed, args.cases);
  if (args.dump) writeFileSync(args.dump, cases.map((c) => JSON.stringify(c)).join('\n') + '\n');
  const bulwark = runBulwark(args.bulwark, cases);
  let agreed = 0;
  const explained = new Map();
  const unexplained = [];
  for (const c of cases) {
    const ours = bulwark.get(c.id) ?? 'error:no result';
    const theirs = await runIamSimulate(c);
    if (ours === theirs) {
      agreed++;
      continue;
    }
    const entry = ours.startsWith('error') || theirs.startsWith('error') ? null : reviewedEntry(reviewed, c, ours, theirs);
    if (entry) {
      explained.set(entry.id, (explained.get(entry.id) ?? 0) + 1);
    } else {
      unexplained.push({ c, ours, theirs });
    }
  }
  if (args.report) {
    writeFileSync(args.report, unexplained.map(({ c, ours, theirs }) => JSON.stringify({ ours, theirs, ...c })).join('\n') + '\n');
  }
  for (const { c, ours, theirs } of unexplained.slice(0, 20)) {
    console.log(`UNREVIEWED case ${c.id}: bulwark ${ours}, iam-simulate ${theirs}\n  tags ${c.tags.join(' ')}\n  ${JSON.stringify(c)}`);
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`policy differential: ${cases.length} cases (seed ${args.seed}) in ${seconds} s: ${agreed} agree, ` +
    `${[...explained.values()].reduce((a, b) => a + b, 0)} reviewed disagreements, ${unexplained.length} unreviewed`);
  for (const e of reviewed) console.log(`  reviewed ${e.id}: ${explained.get(e.id) ?? 0} cases (${e.page})`);
  console.log(`${cases.length - unexplained.length} passed, ${unexplained.length} failed`);
  process.exit(unexplained.length === 0 ? 0 : 1);
}

main().catch((e) => {
  console.error(e);
  process.exit(2);
});
