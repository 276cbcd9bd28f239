"""AWS KMS through the real clients (boto3 and the aws CLI).

- Keys and cryptography: symmetric envelope encryption, RSA/ECC signatures verified locally from
  GetPublicKey, HMAC, data keys and data key pairs, rotation keeping old ciphertext decrypting.
- Authorization as the KMS developer guide describes it: the key policy is required; the default
  policy delegates to IAM; a policy that does not name the account makes IAM insufficient; grants
  allow at once and stop when revoked; cross-account use needs the key policy and the caller's IAM.
- Bad input answers AWS's errors and changes nothing; the trail holds no plaintext or data key.
"""
import base64
import json
import os
import subprocess
import tempfile
import unittest

import botocore.exceptions

from bulwark_server import BulwarkServer

BIN = os.environ.get("BULWARK_BIN", "build/src/cli/bulwark")


def error_code(ctx):
    return ctx.exception.response["Error"]["Code"]


def lookup_all(cloudtrail):
    events, token = [], None
    while True:
        page = cloudtrail.lookup_events(MaxResults=50, **({"NextToken": token} if token else {}))
        events.extend(page["Events"])
        token = page.get("NextToken")
        if not token:
            return events


def key_policy(statements):
    return json.dumps({"Version": "2012-10-17", "Statement": statements})


class KmsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = BulwarkServer(BIN).__enter__()
        cls.kms = cls.server.client("kms")
        cls.iam = cls.server.client("iam")
        cls.account = cls.server.account_id
        cls.secrets = []  # Every plaintext and data key the tests see: none may reach the trail.

    @classmethod
    def tearDownClass(cls):
        cls.server.__exit__(None, None, None)

    def remember(self, *values):
        self.secrets.extend(v for v in values if v)

    def user(self, name, policy=None):
        self.iam.create_user(UserName=name)
        if policy is not None:
            self.iam.put_user_policy(UserName=name, PolicyName="p", PolicyDocument=json.dumps(
                {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": policy, "Resource": "*"}]}))
        key = self.iam.create_access_key(UserName=name)["AccessKey"]
        return {"AccessKeyId": key["AccessKeyId"], "SecretAccessKey": key["SecretAccessKey"]}

    def wait_for_key(self, creds):
        """Access keys are effective at once on this server; this only builds the client."""
        return self.server.client("kms", creds)

    # Keys and cryptography -------------------------------------------------------------------

    def test_symmetric_round_trip_with_context_and_decrypt_without_key_id(self):
        key = self.kms.create_key(Description="app data")["KeyMetadata"]
        self.assertEqual(key["KeySpec"], "SYMMETRIC_DEFAULT")
        self.assertEqual(key["Arn"], f"arn:aws:kms:us-east-1:{self.account}:key/{key['KeyId']}")
        plaintext = os.urandom(64)
        self.remember(plaintext)
        ctx = {"purpose": "test", "tenant": "a"}
        blob = self.kms.encrypt(KeyId=key["KeyId"], Plaintext=plaintext, EncryptionContext=ctx)["CiphertextBlob"]
        out = self.kms.decrypt(CiphertextBlob=blob, EncryptionContext={"tenant": "a", "purpose": "test"})
        self.assertEqual(out["Plaintext"], plaintext)
        self.assertEqual(out["KeyId"], key["Arn"])
        for wrong in ({}, {"purpose": "test"}, {"purpose": "test", "tenant": "b"}):
            with self.assertRaises(botocore.exceptions.ClientError) as c:
                self.kms.decrypt(CiphertextBlob=blob, EncryptionContext=wrong)
            self.assertEqual(error_code(c), "InvalidCiphertextException")
        tampered = bytearray(blob)
        tampered[-1] ^= 1
        with self.assertRaises(botocore.exceptions.ClientError) as c:
            self.kms.decrypt(CiphertextBlob=bytes(tampered), EncryptionContext=ctx)
        self.assertEqual(error_code(c), "InvalidCiphertextException")
        other = self.kms.create_key()["KeyMetadata"]
        with self.assertRaises(botocore.exceptions.ClientError) as c:
            self.kms.decrypt(CiphertextBlob=blob, EncryptionContext=ctx, KeyId=other["KeyId"])
        self.assertEqual(error_code(c), "IncorrectKeyException")

    def test_cli_encrypts_and_decrypts_by_alias(self):
        key = self.kms.create_key()["KeyMetadata"]
        self.kms.create_alias(AliasName="alias/cli", TargetKeyId=key["KeyId"])
        env = dict(os.environ, AWS_ACCESS_KEY_ID=self.server.access_key_id,
                   AWS_SECRET_ACCESS_KEY=self.server.secret_access_key, AWS_DEFAULT_REGION="us-east-1")
        secret = b"cli secret " + os.urandom(8).hex().encode()
        self.remember(secret)
        with tempfile.TemporaryDirectory() as d:
            with open(os.path.join(d, "f"), "wb") as f:
                f.write(secret)
            aws = ["aws", "--endpoint-url", self.server.endpoint, "kms"]
            b64 = subprocess.run(aws + ["encrypt", "--key-id", "alias/cli", "--plaintext", "fileb://" + os.path.join(d, "f"),
                                        "--output", "text", "--query", "CiphertextBlob"],
                                 env=env, check=True, capture_output=True, text=True).stdout
            with open(os.path.join(d, "c"), "wb") as f:
                f.write(base64.b64decode(b64))
            out = subprocess.run(aws + ["decrypt", "--ciphertext-blob", "fileb://" + os.path.join(d, "c"),
                                        "--output", "text", "--query", "Plaintext"],
                                 env=env, check=True, capture_output=True, text=True).stdout
        self.assertEqual(base64.b64decode(out), secret)

    def test_data_keys_and_data_key_pairs(self):
        key = self.kms.create_key()["KeyMetadata"]["KeyId"]
        dk = self.kms.generate_data_key(KeyId=key, KeySpec="AES_256", EncryptionContext={"a": "b"})
        self.assertEqual(len(dk["Plaintext"]), 32)
        self.remember(dk["Plaintext"])
        self.assertEqual(self.kms.decrypt(CiphertextBlob=dk["CiphertextBlob"], EncryptionContext={"a": "b"})["Plaintext"],
                         dk["Plaintext"])
        wp = self.kms.generate_data_key_without_plaintext(KeyId=key, NumberOfBytes=16)
        self.assertNotIn("Plaintext", wp)
        plain = self.kms.decrypt(CiphertextBlob=wp["CiphertextBlob"])["Plaintext"]
        self.assertEqual(len(plain), 16)
        self.remember(plain)
        with self.assertRaises(botocore.exceptions.ClientError) as c:
            self.kms.generate_data_key(KeyId=key, KeySpec="AES_256", NumberOfBytes=32)
        self.assertEqual(error_code(c), "ValidationException")
        pair = self.kms.generate_data_key_pair(KeyId=key, KeyPairSpec="ECC_NIST_P256")
        self.remember(pair["PrivateKeyPlaintext"])
        self.assertEqual(self.kms.decrypt(CiphertextBlob=pair["PrivateKeyCiphertextBlob"])["Plaintext"],
                         pair["PrivateKeyPlaintext"])
        self.assertNotIn("PrivateKeyPlaintext",
                         self.kms.generate_data_key_pair_without_plaintext(KeyId=key, KeyPairSpec="RSA_2048"))
        self.assertEqual(len(self.kms.generate_random(NumberOfBytes=48)["Plaintext"]), 48)

    def verify_locally(self, public_der, algorithm, message, signature):
        pub_path = message_path = sig_path = None
        with tempfile.TemporaryDirectory() as d:
            pub_path, message_path, sig_path = (os.path.join(d, n) for n in ("pub.der", "msg", "sig"))
            for path, data in ((pub_path, public_der), (message_path, message), (sig_path, signature)):
                with open(path, "wb") as f:
                    f.write(data)
            digest = "-sha" + algorithm.rsplit("_", 1)[1]
            cmd = ["openssl", "dgst", digest, "-keyform", "DER", "-verify", pub_path, "-signature", sig_path]
            if algorithm.startswith("RSASSA_PSS"):
                cmd += ["-sigopt", "rsa_padding_mode:pss", "-sigopt", "rsa_pss_saltlen:digest"]
            return subprocess.run(cmd + [message_path], capture_output=True, text=True)

    def test_signatures_verify_locally_with_openssl(self):
        for spec, algorithm in (("ECC_NIST_P256", "ECDSA_SHA_256"), ("ECC_NIST_P384", "ECDSA_SHA_384"),
                                ("RSA_2048", "RSASSA_PSS_SHA_256"), ("RSA_3072", "RSASSA_PKCS1_V1_5_SHA_384")):
            key = self.kms.create_key(KeySpec=spec, KeyUsage="SIGN_VERIFY")["KeyMetadata"]
            self.assertIn(algorithm, key["SigningAlgorithms"])
            message = b"signed message " + spec.encode()
            sig = self.kms.sign(KeyId=key["KeyId"], Message=message, SigningAlgorithm=algorithm)["Signature"]
            public = self.kms.get_public_key(KeyId=key["KeyId"])["PublicKey"]
            result = self.verify_locally(public, algorithm, message, sig)
            self.assertIn("Verified OK", result.stdout, result.stderr)
            self.assertTrue(self.kms.verify(KeyId=key["KeyId"], Message=message, Signature=sig,
                                            SigningAlgorithm=algorithm)["SignatureValid"])
            with self.assertRaises(botocore.exceptions.ClientError) as c:
                self.kms.verify(KeyId=key["KeyId"], Message=message + b"!", Signature=sig, SigningAlgorithm=algorithm)
            self.assertEqual(error_code(c), "KMSInvalidSignatureException")
        key = self.kms.create_key(KeySpec="ECC_NIST_P256", KeyUsage="SIGN_VERIFY")["KeyMetadata"]["KeyId"]
        import hashlib
        digest = hashlib.sha256(b"digest me").digest()
        sig = self.kms.sign(KeyId=key, Message=digest, MessageType="DIGEST", SigningAlgorithm="ECDSA_SHA_256")["Signature"]
        self.assertTrue(self.kms.verify(KeyId=key, Message=b"digest me", Signature=sig,
                                        SigningAlgorithm="ECDSA_SHA_256")["SignatureValid"])

    def test_rsa_encryption_and_hmac(self):
        key = self.kms.create_key(KeySpec="RSA_2048", KeyUsage="ENCRYPT_DECRYPT")["KeyMetadata"]["KeyId"]
        blob = self.kms.encrypt(KeyId=key, Plaintext=b"rsa secret", EncryptionAlgorithm="RSAES_OAEP_SHA_256")["CiphertextBlob"]
        self.remember(b"rsa secret")
        self.assertEqual(self.kms.decrypt(KeyId=key, CiphertextBlob=blob, EncryptionAlgorithm="RSAES_OAEP_SHA_256")["Plaintext"],
                         b"rsa secret")
        with self.assertRaises(botocore.exceptions.ClientError) as c:
            self.kms.encrypt(KeyId=key, Plaintext=b"x" * 191, EncryptionAlgorithm="RSAES_OAEP_SHA_256")
        self.assertEqual(error_code(c), "ValidationException")
        mac_key = self.kms.create_key(KeySpec="HMAC_256", KeyUsage="GENERATE_VERIFY_MAC")["KeyMetadata"]["KeyId"]
        mac = self.kms.generate_mac(KeyId=mac_key, Message=b"m", MacAlgorithm="HMAC_SHA_256")["Mac"]
        self.assertTrue(self.kms.verify_mac(KeyId=mac_key, Message=b"m", Mac=mac, MacAlgorithm="HMAC_SHA_256")["MacValid"])
        with self.assertRaises(botocore.exceptions.ClientError) as c:
            self.kms.verify_mac(KeyId=mac_key, Message=b"n", Mac=mac, MacAlgorithm="HMAC_SHA_256")
        self.assertEqual(error_code(c), "KMSInvalidMacException")

    def test_rotation_keeps_old_ciphertext_decrypting(self):
        key = self.kms.create_key()["KeyMetadata"]["KeyId"]
        old = self.kms.encrypt(KeyId=key, Plaintext=b"before rotation")["CiphertextBlob"]
        self.kms.enable_key_rotation(KeyId=key, RotationPeriodInDays=90)
        status = self.kms.get_key_rotation_status(KeyId=key)
        self.assertTrue(status["KeyRotationEnabled"])
        self.assertEqual(status["RotationPeriodInDays"], 90)
        self.kms.rotate_key_on_demand(KeyId=key)
        rotations = self.kms.list_key_rotations(KeyId=key)["Rotations"]
        self.assertEqual([r["RotationType"] for r in rotations], ["ON_DEMAND"])
        new = self.kms.encrypt(KeyId=key, Plaintext=b"after rotation")["CiphertextBlob"]
        self.assertNotEqual(old[49:53], new[49:53])  # Another material version.
        self.assertEqual(self.kms.decrypt(CiphertextBlob=old)["Plaintext"], b"before rotation")
        self.assertEqual(self.kms.decrypt(CiphertextBlob=new)["Plaintext"], b"after rotation")
        import boto3
        from botocore.config import Config
        unchecked = boto3.client("kms", endpoint_url=self.server.endpoint, region_name="us-east-1",
                                 config=Config(parameter_validation=False, retries={"max_attempts": 1}),
                                 aws_access_key_id=self.server.access_key_id,
                                 aws_secret_access_key=self.server.secret_access_key)
        for bad in (89, 2561):  # botocore itself refuses these; the server must too.
            with self.assertRaises(botocore.exceptions.ClientError) as c:
                unchecked.enable_key_rotation(KeyId=key, RotationPeriodInDays=bad)
            self.assertEqual(error_code(c), "ValidationException")

    def test_disabled_and_pending_deletion_keys_are_refused(self):
        key = self.kms.create_key()["KeyMetadata"]["KeyId"]
        blob = self.kms.encrypt(KeyId=key, Plaintext=b"x")["CiphertextBlob"]
        self.kms.disable_key(KeyId=key)
        with self.assertRaises(botocore.exceptions.ClientError) as c:
            self.kms.encrypt(KeyId=key, Plaintext=b"x")
        self.assertEqual(error_code(c), "DisabledException")
        with self.assertRaises(botocore.exceptions.ClientError) as c:
            self.kms.decrypt(CiphertextBlob=blob)
        self.assertEqual(error_code(c), "DisabledException")
        self.kms.enable_key(KeyId=key)
        for days in (6, 31):
            with self.assertRaises(botocore.exceptions.ClientError) as c:
                self.kms.schedule_key_deletion(KeyId=key, PendingWindowInDays=days)
            self.assertEqual(error_code(c), "ValidationException")
        self.assertEqual(self.kms.describe_key(KeyId=key)["KeyMetadata"]["KeyState"], "Enabled")
        out = self.kms.schedule_key_deletion(KeyId=key, PendingWindowInDays=7)
        self.assertEqual(out["KeyState"], "PendingDeletion")
        self.assertEqual(out["PendingWindowInDays"], 7)
        with self.assertRaises(botocore.exceptions.ClientError) as c:
            self.kms.decrypt(CiphertextBlob=blob)
        self.assertEqual(error_code(c), "KMSInvalidStateException")
        self.kms.cancel_key_deletion(KeyId=key)
        self.assertEqual(self.kms.describe_key(KeyId=key)["KeyMetadata"]["KeyState"], "Disabled")

    def test_every_change_to_a_cached_key_applies_to_the_very_next_call(self):
        """Steady Encrypt/Decrypt calls are served from the key cache (kms/key_cache.h); a disabled key,
        a new key policy, a tag or an alias a policy tests, a rotation and a scheduled deletion must
        all apply to the next call, with no wait."""
        kid = self.kms.create_key(Description="cached")["KeyMetadata"]["KeyId"]
        root = f"arn:aws:iam::{self.account}:root"
        admin = {"Sid": "root", "Effect": "Allow", "Principal": {"AWS": root}, "Action": "kms:*", "Resource": "*"}

        def warm():
            for _ in range(3):
                blob = self.kms.encrypt(KeyId=kid, Plaintext=b"warm")["CiphertextBlob"]
                self.assertEqual(self.kms.decrypt(CiphertextBlob=blob)["Plaintext"], b"warm")
            return blob

        def refused(code, call, **kwargs):
            with self.assertRaises(botocore.exceptions.ClientError) as c:
                call(**kwargs)
            self.assertEqual(error_code(c), code, kwargs)

        blob = warm()
        self.kms.disable_key(KeyId=kid)
        refused("DisabledException", self.kms.encrypt, KeyId=kid, Plaintext=b"x")
        refused("DisabledException", self.kms.decrypt, CiphertextBlob=blob)
        self.kms.enable_key(KeyId=kid)
        blob = warm()

        self.kms.put_key_policy(KeyId=kid, PolicyName="default", Policy=key_policy([
            admin, {"Sid": "sealed", "Effect": "Deny", "Principal": "*", "Action": "kms:Encrypt", "Resource": "*"}]))
        refused("AccessDeniedException", self.kms.encrypt, KeyId=kid, Plaintext=b"x")
        self.assertEqual(self.kms.decrypt(CiphertextBlob=blob)["Plaintext"], b"warm")
        self.kms.put_key_policy(KeyId=kid, PolicyName="default", Policy=key_policy([
            admin,
            {"Sid": "frozen", "Effect": "Deny", "Principal": "*", "Action": "kms:Decrypt", "Resource": "*",
             "Condition": {"StringEquals": {"aws:ResourceTag/frozen": "yes"}}},
            {"Sid": "aliased", "Effect": "Deny", "Principal": "*", "Action": "kms:Encrypt", "Resource": "*",
             "Condition": {"ForAnyValue:StringEquals": {"kms:ResourceAliases": "alias/cache-frozen"}}}]))
        blob = warm()
        self.kms.tag_resource(KeyId=kid, Tags=[{"TagKey": "frozen", "TagValue": "yes"}])
        refused("AccessDeniedException", self.kms.decrypt, CiphertextBlob=blob)
        self.kms.untag_resource(KeyId=kid, TagKeys=["frozen"])
        blob = warm()
        self.kms.create_alias(AliasName="alias/cache-frozen", TargetKeyId=kid)
        refused("AccessDeniedException", self.kms.encrypt, KeyId=kid, Plaintext=b"x")
        self.kms.delete_alias(AliasName="alias/cache-frozen")
        blob = warm()

        self.kms.rotate_key_on_demand(KeyId=kid)
        rotated = self.kms.encrypt(KeyId=kid, Plaintext=b"after")["CiphertextBlob"]
        self.assertEqual(int.from_bytes(blob[49:53], "big"), 1)
        self.assertEqual(int.from_bytes(rotated[49:53], "big"), 2)  # The new material at once.
        self.assertEqual(self.kms.decrypt(CiphertextBlob=blob)["Plaintext"], b"warm")

        self.kms.schedule_key_deletion(KeyId=kid, PendingWindowInDays=7)
        refused("KMSInvalidStateException", self.kms.encrypt, KeyId=kid, Plaintext=b"x")
        refused("KMSInvalidStateException", self.kms.decrypt, CiphertextBlob=rotated)

    def test_revoked_grant_stops_a_steady_grantee_at_once(self):
        kid = self.kms.create_key()["KeyMetadata"]["KeyId"]
        grantee = self.server.client("kms", self.user("steady-grantee"))
        grant = self.kms.create_grant(KeyId=kid, GranteePrincipal=f"arn:aws:iam::{self.account}:user/steady-grantee",
                                      Operations=["Encrypt", "Decrypt"])
        for _ in range(5):  # Warm: the grant is served from the cached key data.
            blob = grantee.encrypt(KeyId=kid, Plaintext=b"granted")["CiphertextBlob"]
            self.assertEqual(grantee.decrypt(CiphertextBlob=blob)["Plaintext"], b"granted")
        self.kms.revoke_grant(KeyId=kid, GrantId=grant["GrantId"])
        for call, kwargs in ((grantee.encrypt, {"KeyId": kid, "Plaintext": b"x"}),
                             (grantee.decrypt, {"CiphertextBlob": blob})):
            with self.assertRaises(botocore.exceptions.ClientError) as c:
                call(**kwargs)
            self.assertEqual(error_code(c), "AccessDeniedException")

    def test_bad_input_gets_aws_errors_and_changes_nothing(self):
        key = self.kms.create_key()["KeyMetadata"]["KeyId"]
        sign_key = self.kms.create_key(KeySpec="ECC_NIST_P256", KeyUsage="SIGN_VERIFY")["KeyMetadata"]["KeyId"]
        before = self.kms.list_keys()["Keys"]
        cases = [
            (lambda: self.kms.encrypt(KeyId=key, Plaintext=b"x" * 4097), "ValidationException"),
            (lambda: self.kms.encrypt(KeyId="11111111-2222-3333-4444-555555555555", Plaintext=b"x"), "NotFoundException"),
            (lambda: self.kms.encrypt(KeyId="not-a-key", Plaintext=b"x"), "NotFoundException"),
            (lambda: self.kms.encrypt(KeyId="alias/missing", Plaintext=b"x"), "NotFoundException"),
            (lambda: self.kms.encrypt(KeyId=sign_key, Plaintext=b"x"), "InvalidKeyUsageException"),
            (lambda: self.kms.sign(KeyId=sign_key, Message=b"m", SigningAlgorithm="RSASSA_PSS_SHA_256"),
             "InvalidKeyUsageException"),
            (lambda: self.kms.sign(KeyId=key, Message=b"m", SigningAlgorithm="ECDSA_SHA_256"), "InvalidKeyUsageException"),
            (lambda: self.kms.create_key(KeySpec="ECC_NIST_P256", KeyUsage="ENCRYPT_DECRYPT"), "ValidationException"),
            (lambda: self.kms.decrypt(CiphertextBlob=b"garbage" * 20), "InvalidCiphertextException"),
            (lambda: self.kms.create_alias(AliasName="alias/aws/mine", TargetKeyId=key), "NotAuthorizedException"),
            (lambda: self.kms.schedule_key_deletion(KeyId=key, PendingWindowInDays=3), "ValidationException"),
        ]
        for call, code in cases:
            with self.assertRaises(botocore.exceptions.ClientError) as c:
                call()
            self.assertEqual(error_code(c), code)
        self.assertEqual(self.kms.list_keys()["Keys"], before)
        self.assertEqual(self.kms.describe_key(KeyId=key)["KeyMetadata"]["KeyState"], "Enabled")
        self.kms.create_alias(AliasName="alias/dup", TargetKeyId=key)
        with self.assertRaises(botocore.exceptions.ClientError) as c:
            self.kms.create_alias(AliasName="alias/dup", TargetKeyId=key)
        self.assertEqual(error_code(c), "AlreadyExistsException")

    # Authorization ---------------------------------------------------------------------------

    def test_user_denied_until_iam_policy_allows_under_default_key_policy(self):
        key = self.kms.create_key()["KeyMetadata"]
        kms = self.wait_for_key(self.user("kms-nobody"))
        with self.assertRaises(botocore.exceptions.ClientError) as c:
            kms.encrypt(KeyId=key["KeyId"], Plaintext=b"x")
        self.assertEqual(error_code(c), "AccessDeniedException")
        self.assertEqual(c.exception.response["Error"]["Message"],
                         f"User: arn:aws:iam::{self.account}:user/kms-nobody is not authorized to perform: "
                         f"kms:Encrypt on resource: {key['Arn']} because no identity-based policy allows the "
                         f"kms:Encrypt action")
        self.iam.put_user_policy(UserName="kms-nobody", PolicyName="p", PolicyDocument=json.dumps(
            {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "kms:Encrypt", "Resource": key["Arn"]}]}))
        kms.encrypt(KeyId=key["KeyId"], Plaintext=b"x")

    def test_key_policy_without_the_account_makes_iam_insufficient(self):
        self.user("kp-user", policy="kms:*")
        self.user("kp-named")
        policy = key_policy([
            {"Sid": "admin", "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{self.account}:root"},
             "Action": ["kms:PutKeyPolicy", "kms:GetKeyPolicy", "kms:DescribeKey"], "Resource": "*"},
            {"Sid": "use", "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{self.account}:user/kp-named"},
             "Action": ["kms:Encrypt"], "Resource": "*"}])
        key = self.kms.create_key(Policy=policy)["KeyMetadata"]["KeyId"]
        user_kms = self.server.client("kms", self.user("kp-iam-only", policy="kms:*"))
        with self.assertRaises(botocore.exceptions.ClientError) as c:
            user_kms.encrypt(KeyId=key, Plaintext=b"x")
        self.assertEqual(error_code(c), "AccessDeniedException")
        self.assertIn("because no resource-based policy allows the kms:Encrypt action",
                      c.exception.response["Error"]["Message"])
        user_kms.describe_key(KeyId=key)  # Delegated to IAM for DescribeKey.
        # The key policy alone lets the named user in, with no IAM policy at all.
        named = self.iam.create_access_key(UserName="kp-named")["AccessKey"]
        self.server.client("kms", named).encrypt(KeyId=key, Plaintext=b"x")
        # Root itself is only what the key policy allows.
        with self.assertRaises(botocore.exceptions.ClientError) as c:
            self.kms.encrypt(KeyId=key, Plaintext=b"x")
        self.assertEqual(error_code(c), "AccessDeniedException")

    def test_lockout_check_and_bypass(self):
        lockout = key_policy([{"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{self.account}:user/someone"},
                               "Action": "kms:*", "Resource": "*"}])
        with self.assertRaises(botocore.exceptions.ClientError) as c:
            self.kms.create_key(Policy=lockout)
        self.assertEqual(error_code(c), "MalformedPolicyDocumentException")
        self.assertEqual(c.exception.response["Error"]["Message"],
                         "The new key policy will not allow you to update the key policy in the future.")
        key = self.kms.create_key()["KeyMetadata"]["KeyId"]
        with self.assertRaises(botocore.exceptions.ClientError) as c:
            self.kms.put_key_policy(KeyId=key, PolicyName="default", Policy=lockout)
        self.assertEqual(error_code(c), "MalformedPolicyDocumentException")
        self.assertIn(":root", self.kms.get_key_policy(KeyId=key, PolicyName="default")["Policy"])
        self.kms.put_key_policy(KeyId=key, PolicyName="default", Policy=lockout, BypassPolicyLockoutSafetyCheck=True)
        with self.assertRaises(botocore.exceptions.ClientError) as c:
            self.kms.get_key_policy(KeyId=key, PolicyName="default")
        self.assertEqual(error_code(c), "AccessDeniedException")

    def test_grant_usable_at_once_and_useless_after_revocation(self):
        key = self.kms.create_key()["KeyMetadata"]
        creds = self.user("grantee")
        grantee = self.server.client("kms", creds)
        blob = self.kms.encrypt(KeyId=key["KeyId"], Plaintext=b"granted", EncryptionContext={"app": "x"})["CiphertextBlob"]
        with self.assertRaises(botocore.exceptions.ClientError):
            grantee.decrypt(CiphertextBlob=blob, EncryptionContext={"app": "x"})
        grant = self.kms.create_grant(KeyId=key["KeyId"], GranteePrincipal=f"arn:aws:iam::{self.account}:user/grantee",
                                      Operations=["Decrypt"], Constraints={"EncryptionContextSubset": {"app": "x"}})
        out = grantee.decrypt(CiphertextBlob=blob, EncryptionContext={"app": "x"}, GrantTokens=[grant["GrantToken"]])
        self.assertEqual(out["Plaintext"], b"granted")
        with self.assertRaises(botocore.exceptions.ClientError):
            grantee.encrypt(KeyId=key["KeyId"], Plaintext=b"x")  # Not a granted operation.
        other_ctx = self.kms.encrypt(KeyId=key["KeyId"], Plaintext=b"y", EncryptionContext={"app": "z"})["CiphertextBlob"]
        with self.assertRaises(botocore.exceptions.ClientError):
            grantee.decrypt(CiphertextBlob=other_ctx, EncryptionContext={"app": "z"})  # Constraint.
        grants = self.kms.list_grants(KeyId=key["KeyId"])["Grants"]
        self.assertEqual([g["GrantId"] for g in grants], [grant["GrantId"]])
        self.kms.revoke_grant(KeyId=key["KeyId"], GrantId=grant["GrantId"])
        with self.assertRaises(botocore.exceptions.ClientError) as c:
            grantee.decrypt(CiphertextBlob=blob, EncryptionContext={"app": "x"}, GrantTokens=[grant["GrantToken"]])
        self.assertEqual(error_code(c), "AccessDeniedException")

    def test_retiring_principal_retires_a_grant(self):
        key = self.kms.create_key()["KeyMetadata"]["KeyId"]
        retirer = f"arn:aws:iam::{self.account}:user/retirer"
        creds = self.user("retirer")
        grant = self.kms.create_grant(KeyId=key, GranteePrincipal=retirer, RetiringPrincipal=retirer,
                                      Operations=["Encrypt"])
        kms = self.server.client("kms", creds)
        self.assertEqual(len(self.kms.list_retirable_grants(RetiringPrincipal=retirer)["Grants"]), 1)
        kms.retire_grant(GrantToken=grant["GrantToken"])
        self.assertEqual(self.kms.list_grants(KeyId=key)["Grants"], [])

    def test_cross_account_use_needs_key_policy_and_caller_iam(self):
        out = subprocess.run([BIN, "account", "create", "--data-dir", self.server.data_dir],
                             capture_output=True, text=True, timeout=60, check=True)
        other = json.loads(out.stdout)
        other_id = other["AccountId"]
        other_iam = self.server.client("iam", other)
        other_iam.create_user(UserName="partner")
        pk = other_iam.create_access_key(UserName="partner")["AccessKey"]
        partner = self.server.client("kms", pk)
        default_key = self.kms.create_key()["KeyMetadata"]
        shared_policy = key_policy([
            {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{self.account}:root"}, "Action": "kms:*", "Resource": "*"},
            {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{other_id}:root"},
             "Action": ["kms:Encrypt", "kms:Decrypt"], "Resource": "*"}])
        shared = self.kms.create_key(Policy=shared_policy)["KeyMetadata"]
        # The partner's own IAM must allow too.
        with self.assertRaises(botocore.exceptions.ClientError) as c:
            partner.encrypt(KeyId=shared["Arn"], Plaintext=b"x")
        self.assertEqual(error_code(c), "AccessDeniedException")
        other_iam.put_user_policy(UserName="partner", PolicyName="kms", PolicyDocument=json.dumps(
            {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "kms:*", "Resource": "*"}]}))
        blob = partner.encrypt(KeyId=shared["Arn"], Plaintext=b"cross")["CiphertextBlob"]
        self.assertEqual(partner.decrypt(CiphertextBlob=blob)["Plaintext"], b"cross")
        self.assertEqual(self.kms.decrypt(CiphertextBlob=blob)["Plaintext"], b"cross")
        # The default key policy names only its own account.
        with self.assertRaises(botocore.exceptions.ClientError) as c:
            partner.encrypt(KeyId=default_key["Arn"], Plaintext=b"x")
        self.assertEqual(error_code(c), "AccessDeniedException")
        # A key id alone names a key in the caller's own account.
        with self.assertRaises(botocore.exceptions.ClientError) as c:
            partner.encrypt(KeyId=shared["KeyId"], Plaintext=b"x")
        self.assertEqual(error_code(c), "NotFoundException")

    # Audit -----------------------------------------------------------------------------------

    def test_zz_trail_records_kms_calls_without_secrets(self):
        key = self.kms.create_key()["KeyMetadata"]
        plaintext = b"trail-secret-" + os.urandom(8).hex().encode()
        self.remember(plaintext)
        self.kms.encrypt(KeyId=key["KeyId"], Plaintext=plaintext, EncryptionContext={"dept": "audit"})
        dk = self.kms.generate_data_key(KeyId=key["KeyId"], KeySpec="AES_256")
        self.remember(dk["Plaintext"])
        events = lookup_all(self.server.client("cloudtrail"))
        records = [json.loads(e["CloudTrailEvent"]) for e in events]
        encrypt = next(r for r in records if r["eventName"] == "Encrypt" and
                       r.get("requestParameters", {}).get("encryptionContext") == {"dept": "audit"})
        self.assertEqual(encrypt["eventSource"], "kms.amazonaws.com")
        self.assertEqual(encrypt["resources"], [{"accountId": self.account, "type": "AWS::KMS::Key", "ARN": key["Arn"]}])
        self.assertIsNone(encrypt.get("responseElements"))
        text = "\n".join(e["CloudTrailEvent"] for e in events)
        for secret in self.secrets:
            raw = secret if isinstance(secret, bytes) else secret.encode()
            for form in (base64.b64encode(raw).decode(), raw.hex()):
                self.assertNotIn(form, text)
            try:
                self.assertNotIn(raw.decode(), text)
            except UnicodeDecodeError:
                pass


if __name__ == "__main__":
    unittest.main()
