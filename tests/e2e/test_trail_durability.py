"""Durability under crashes: concurrent clients call `bulwark serve` while it is killed with SIGKILL
at random moments and restarted, over and over. Afterwards every call that received a response is in
the trail exactly once (by request id, read from the store), nothing is recorded twice, every
acknowledged mutation is in the state, and `bulwark trail verify --store` passes.

The CI form kills BULWARK_FAULT_ROUNDS times (default 5, well under a minute); bench/trail_fault_long.sh
runs the same test with 25 rounds. Mutations are IAM CreateUser (checked with GetUser); until the
server answers IAM, BULWARK_FAULT_MUTATING=auto (the default) runs with reads only and says so, and
=iam makes IAM mandatory."""
import json
import os
import random
import signal
import sqlite3
import subprocess
import tempfile
import threading
import time
import unittest

import boto3
import botocore.exceptions
from botocore.config import Config

BINARY = os.environ.get("BULWARK_BIN", "build/src/cli/bulwark")
ROUNDS = int(os.environ.get("BULWARK_FAULT_ROUNDS", "5"))
CLIENTS = int(os.environ.get("BULWARK_FAULT_CLIENTS", "4"))
MUTATING = os.environ.get("BULWARK_FAULT_MUTATING", "iam")  # auto | iam | none
SEED = int(os.environ.get("BULWARK_FAULT_SEED", str(int(time.time()))))


class Server:
    """One `bulwark serve` process over a data folder that outlives it."""

    def __init__(self, data_dir, log_path):
        self.data_dir = data_dir
        endpoint_file = os.path.join(data_dir, "endpoint")
        if os.path.exists(endpoint_file):
            os.remove(endpoint_file)
        self.log = open(log_path, "a")
        self.process = subprocess.Popen([BINARY, "serve", "--data-dir", data_dir, "--port", "0"],
                                        stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.time() + 30
        while not os.path.exists(endpoint_file):
            if self.process.poll() is not None or time.time() > deadline:
                raise RuntimeError("bulwark serve did not start; see " + log_path)
            time.sleep(0.02)
        time.sleep(0.05)
        with open(endpoint_file) as f:
            self.endpoint = f.read().strip()
        with open(os.path.join(data_dir, "root-credentials.json")) as f:
            self.creds = json.load(f)

    def client(self, service):
        return boto3.client(service, endpoint_url=self.endpoint, region_name="us-east-1",
                            aws_access_key_id=self.creds["AccessKeyId"],
                            aws_secret_access_key=self.creds["SecretAccessKey"],
                            config=Config(retries={"max_attempts": 1}, connect_timeout=2, read_timeout=10))

    def kill(self):
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()
        self.log.close()

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)
        self.log.close()


def iam_answers(server):
    try:
        server.client("iam").get_user(UserName="bulwark-fault-probe")
    except botocore.exceptions.ClientError as e:
        return e.response["Error"]["Code"] == "NoSuchEntity"
    except Exception:
        return False
    return True


class TrailDurability(unittest.TestCase):
    def test_every_acknowledged_call_survives_sigkill(self):
        rng = random.Random(SEED)
        tmp = tempfile.TemporaryDirectory(prefix="bulwark-fault-")
        self.addCleanup(tmp.cleanup)
        data_dir = os.path.join(tmp.name, "data")
        log_path = os.path.join(tmp.name, "serve.log")
        acknowledged = []  # (request id, kind, user name or None)
        lock = threading.Lock()

        first = Server(data_dir, log_path)
        mutating = MUTATING == "iam" or (MUTATING == "auto" and iam_answers(first))
        if MUTATING == "iam":
            self.assertTrue(iam_answers(first), "BULWARK_FAULT_MUTATING=iam but the server does not answer IAM")
        print(f"\nseed {SEED}, {ROUNDS} kills, {CLIENTS} clients, "
              f"{'IAM CreateUser + STS reads' if mutating else 'STS reads only (IAM not served yet)'}")
        first.kill()

        for round_no in range(ROUNDS):
            server = Server(data_dir, log_path)
            stop = threading.Event()

            def work(worker):
                sts, iam = server.client("sts"), server.client("iam")
                n = 0
                while not stop.is_set():
                    n += 1
                    try:
                        if mutating and n % 2 == 0:
                            name = f"u{round_no}-{worker}-{n}"
                            r = iam.create_user(UserName=name)
                            entry = (r["ResponseMetadata"]["RequestId"], "mutation", name)
                        else:
                            r = sts.get_caller_identity()
                            entry = (r["ResponseMetadata"]["RequestId"], "read", None)
                    except Exception:
                        continue  # No response: the call may or may not be recorded.
                    with lock:
                        acknowledged.append(entry)

            threads = [threading.Thread(target=work, args=(w,)) for w in range(CLIENTS)]
            for t in threads:
                t.start()
            time.sleep(rng.uniform(0.3, 1.5))
            server.kill()
            stop.set()
            for t in threads:
                t.join()

        # The last start seals whatever the crashes left unsealed; mutations must be in the state.
        final = Server(data_dir, log_path)
        if mutating:
            iam = final.client("iam")
            for _, kind, name in acknowledged:
                if kind == "mutation":
                    self.assertEqual(iam.get_user(UserName=name)["User"]["UserName"], name)
        final.stop()

        self.assertGreater(len(acknowledged), 0)
        db = sqlite3.connect(f"file:{os.path.join(data_dir, 'bulwark.db')}?mode=ro", uri=True)
        recorded = [json.loads(r)["requestID"] for (r,) in db.execute("SELECT record FROM trail_events ORDER BY seq")]
        db.close()
        counts = {}
        for request_id in recorded:
            counts[request_id] = counts.get(request_id, 0) + 1
        twice = [r for r, c in counts.items() if c > 1]
        self.assertEqual(twice, [], "recorded more than once")
        missing = [r for r, _, _ in acknowledged if r not in counts]
        self.assertEqual(missing, [], f"{len(missing)} acknowledged calls are not in the trail")

        done = subprocess.run([BINARY, "trail", "verify", "--store", "--data-dir", data_dir],
                              capture_output=True, text=True)
        self.assertEqual(done.returncode, 0, done.stdout + done.stderr)
        self.assertIn("OK", done.stdout)
        print(f"{len(acknowledged)} acknowledged calls over {ROUNDS} SIGKILLs, all in the trail once; "
              f"{len(recorded)} records; verify: {done.stdout.strip().splitlines()[-2]}")


if __name__ == "__main__":
    unittest.main()
