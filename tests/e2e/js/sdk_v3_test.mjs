// The AWS SDK for JavaScript v3 against `bulwark serve`: STS GetCallerIdentity (query protocol) and
// CloudTrail LookupEvents (JSON 1.1), AWS's errors for bad credentials, the trail recording the
// SDK's calls, and IAM enforced (a user denied then allowed once a policy is attached; a role
// assumed only by whom its trust policy names). Run by test_js_sdk.py, which starts the server and passes it in the environment.
import assert from "node:assert/strict";
import { test } from "node:test";

import { CloudTrailClient, LookupEventsCommand } from "@aws-sdk/client-cloudtrail";
import {
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  IAMClient,
  ListUsersCommand,
} from "@aws-sdk/client-iam";
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";

const endpoint = process.env.BULWARK_ENDPOINT;
const account = process.env.BULWARK_ACCOUNT_ID;
const credentials = {
  accessKeyId: process.env.BULWARK_ACCESS_KEY_ID,
  secretAccessKey: process.env.BULWARK_SECRET_ACCESS_KEY,
};

const options = (creds = credentials) => ({ endpoint, region: "us-east-1", credentials: creds, maxAttempts: 1 });
const sts = new STSClient(options());
const cloudtrail = new CloudTrailClient(options());

async function errorOf(promise) {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  assert.fail("the call succeeded");
}

async function recordOf(requestId) {
  const page = await cloudtrail.send(new LookupEventsCommand({ MaxResults: 50 }));
  for (const event of page.Events) {
    const record = JSON.parse(event.CloudTrailEvent);
    if (record.requestID === requestId) return { event, record };
  }
  assert.fail(`no record for request ${requestId}`);
}

test("GetCallerIdentity answers the root identity", async () => {
  const out = await sts.send(new GetCallerIdentityCommand({}));
  assert.equal(out.Account, account);
  assert.equal(out.Arn, `arn:aws:iam::${account}:root`);
  assert.equal(out.UserId, account);
  assert.ok(out.$metadata.requestId);
});

test("a wrong secret is SignatureDoesNotMatch (403)", async () => {
  const client = new STSClient(options({ ...credentials, secretAccessKey: "x".repeat(40) }));
  const error = await errorOf(client.send(new GetCallerIdentityCommand({})));
  assert.equal(error.name, "SignatureDoesNotMatch");
  assert.equal(error.$metadata.httpStatusCode, 403);
});

test("an unknown key is InvalidClientTokenId (403)", async () => {
  const client = new STSClient(options({ ...credentials, accessKeyId: "AKIAUNKNOWNKEY000000" }));
  const error = await errorOf(client.send(new GetCallerIdentityCommand({})));
  assert.equal(error.name, "InvalidClientTokenId");
  assert.equal(error.$metadata.httpStatusCode, 403);
});

test("LookupEvents finds the SDK's call with its fields", async () => {
  const out = await sts.send(new GetCallerIdentityCommand({}));
  const { event, record } = await recordOf(out.$metadata.requestId);
  assert.equal(event.EventName, "GetCallerIdentity");
  assert.equal(event.EventSource, "sts.amazonaws.com");
  assert.equal(event.Username, "root");
  assert.equal(event.AccessKeyId, credentials.accessKeyId);
  assert.ok(event.EventTime instanceof Date);
  assert.equal(record.userIdentity.type, "Root");
  assert.equal(record.userIdentity.arn, `arn:aws:iam::${account}:root`);
  assert.match(record.userAgent, /aws-sdk-js/);
  assert.equal(record.readOnly, true);
});

test("LookupEvents filters by attribute and pages with NextToken", async () => {
  for (let i = 0; i < 3; i++) await sts.send(new GetCallerIdentityCommand({}));
  const filter = { LookupAttributes: [{ AttributeKey: "EventName", AttributeValue: "GetCallerIdentity" }] };
  const first = await cloudtrail.send(new LookupEventsCommand({ ...filter, MaxResults: 2 }));
  assert.equal(first.Events.length, 2);
  assert.ok(first.NextToken);
  const second = await cloudtrail.send(new LookupEventsCommand({ ...filter, MaxResults: 2, NextToken: first.NextToken }));
  assert.ok(second.Events.length >= 1);
  const ids = new Set([...first.Events, ...second.Events].map((e) => e.EventId));
  assert.equal(ids.size, first.Events.length + second.Events.length);
  for (const e of [...first.Events, ...second.Events]) assert.equal(e.EventName, "GetCallerIdentity");
});

test("a failed call is recorded with its error code", async () => {
  const client = new STSClient(options({ ...credentials, secretAccessKey: "y".repeat(40) }));
  const error = await errorOf(client.send(new GetCallerIdentityCommand({})));
  const { record } = await recordOf(error.$metadata.requestId);
  assert.equal(record.errorCode, "SignatureDoesNotMatch");
  assert.equal(record.userIdentity.accessKeyId, credentials.accessKeyId);
});

test("IAM: a user is denied, then allowed once a policy is attached, and the trail says who", async () => {
  const iam = new IAMClient(options());
  await iam.send(new CreateUserCommand({ UserName: "js-user" }));
  const key = (await iam.send(new CreateAccessKeyCommand({ UserName: "js-user" }))).AccessKey;
  const mine = new IAMClient(options({ accessKeyId: key.AccessKeyId, secretAccessKey: key.SecretAccessKey }));
  const denied = await errorOf(mine.send(new ListUsersCommand({})));
  assert.equal(denied.name, "AccessDenied");
  assert.equal(denied.$metadata.httpStatusCode, 403);
  assert.match(denied.message, /user\/js-user is not authorized to perform: iam:ListUsers/);
  await iam.send(new AttachUserPolicyCommand({
    UserName: "js-user", PolicyArn: "arn:aws:iam::aws:policy/IAMReadOnlyAccess" }));
  const listed = await mine.send(new ListUsersCommand({}));
  assert.ok(listed.Users.some((u) => u.UserName === "js-user"));
  const { record } = await recordOf(listed.$metadata.requestId);
  assert.equal(record.eventName, "ListUsers");
  assert.equal(record.userIdentity.type, "IAMUser");
  assert.equal(record.userIdentity.userName, "js-user");
  assert.equal(record.userIdentity.accessKeyId, key.AccessKeyId);
});

test("STS: a role is assumed only by the principal its trust policy names", async () => {
  const iam = new IAMClient(options());
  const trusted = { accessKeyId: "", secretAccessKey: "" };
  await iam.send(new CreateUserCommand({ UserName: "js-trusted" }));
  const k = (await iam.send(new CreateAccessKeyCommand({ UserName: "js-trusted" }))).AccessKey;
  trusted.accessKeyId = k.AccessKeyId;
  trusted.secretAccessKey = k.SecretAccessKey;
  const role = (await iam.send(new CreateRoleCommand({
    RoleName: "js-role",
    AssumeRolePolicyDocument: JSON.stringify({ Version: "2012-10-17", Statement: [{
      Effect: "Allow", Principal: { AWS: `arn:aws:iam::${account}:user/js-trusted` }, Action: "sts:AssumeRole" }] }),
  }))).Role;
  const session = await new STSClient(options(trusted)).send(
    new AssumeRoleCommand({ RoleArn: role.Arn, RoleSessionName: "js-session" }));
  assert.ok(session.Credentials.AccessKeyId.startsWith("ASIA"));
  const who = await new STSClient(options({
    accessKeyId: session.Credentials.AccessKeyId,
    secretAccessKey: session.Credentials.SecretAccessKey,
    sessionToken: session.Credentials.SessionToken,
  })).send(new GetCallerIdentityCommand({}));
  assert.equal(who.Arn, `arn:aws:sts::${account}:assumed-role/js-role/js-session`);
  const refused = await errorOf(sts.send(new AssumeRoleCommand({ RoleArn: role.Arn, RoleSessionName: "root" })));
  assert.equal(refused.name, "AccessDenied");
});
