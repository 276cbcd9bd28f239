"""The model-driven decoder and encoder against botocore itself (issue 10's proof).

For every operation of every embedded service model (served or not), a sample input is generated
from the model (every member, values within the model's bounds), serialized by botocore's own
serializer, and decoded by `protocol_wire_tool`: the decoded members must equal the input. A sample
output is encoded by the tool and parsed by botocore's own parser: the parsed result must equal the
sample. Run by CTest with the tool's path as the first argument.
"""
import base64
import datetime
import json
import re
import subprocess
import sys
import unittest
import urllib.parse

import botocore.awsrequest
import botocore.session
from botocore import parsers, serialize
from botocore.utils import percent_encode_sequence

TOOL = sys.argv.pop(1) if len(sys.argv) > 1 else "build/tests/protocol/protocol_wire_tool"
SERVICES = ("iam", "sts", "cloudtrail")
REST_JSON_SERVICES = ("accessanalyzer",)
# Every error of these models must encode with its model's status and parse back to its code.
ERROR_SERVICES = ("iam", "sts", "cloudtrail", "accessanalyzer", "s3")
# AWS's common errors (protocol/error_codes.cc), not in any model: status and fault side.
COMMON_ERRORS = {"AccessDenied": (403, "Sender"), "InvalidClientTokenId": (403, "Sender"),
                 "SignatureDoesNotMatch": (403, "Sender"), "IncompleteSignature": (400, "Sender"),
                 "MissingAuthenticationToken": (403, "Sender"), "ExpiredToken": (400, "Sender"),
                 "Throttling": (400, "Sender"), "ValidationError": (400, "Sender"),
                 "MalformedQueryString": (404, "Sender"), "InternalFailure": (500, "Receiver"),
                 "ServiceUnavailable": (503, "Receiver"), "UnknownOperationException": (400, "Sender"),
                 "SerializationException": (400, "Sender")}
EPOCH = datetime.datetime(2026, 11, 29, 5, 44, 49, tzinfo=datetime.timezone.utc)


def sample(shape, depth=0, salt=0, patterns=True, max_depth=4):
    """A value for `shape` that satisfies its model constraints (lengths, ranges, enums). Structures
    deeper than `max_depth` are left out (S3's, whose XML must validate, need a deeper sample)."""
    t = shape.type_name
    if t == "structure":
        if shape.is_tagged_union:  # Exactly one member is set, at any depth (a scalar one when deep).
            members = list(shape.members.items())
            if depth > max_depth:
                members = [(n, m) for n, m in members if m.type_name not in ("structure", "list", "map")]
            name, member = members[0]
            return {name: sample(member, depth + 1, salt, patterns, max_depth)}
        if depth > max_depth:
            return {}
        return {name: sample(member, depth + 1, salt + i, patterns, max_depth)
                for i, (name, member) in enumerate(shape.members.items())
                if not (member.type_name == "structure" and depth > max_depth - 1)}
    if t == "list":
        count = max(1, min(2, shape.metadata.get("max", 2)))
        return [sample(shape.member, depth + 1, salt + i, patterns, max_depth) for i in range(count)]
    if t == "map":
        return {f"k{salt}": sample(shape.value, depth + 1, salt, patterns, max_depth)}
    if t == "string":
        if shape.enum:
            return shape.enum[salt % len(shape.enum)]
        low = shape.metadata.get("min", 1)
        high = shape.metadata.get("max", 32)
        pattern = shape.metadata.get("pattern") if patterns else None
        for candidate in candidates(salt):
            while len(candidate) < low:
                candidate += candidate[-1]
            whole = candidate
            candidate = candidate[:max(high, 1)]
            if pattern is None or python_pattern(pattern).fullmatch(candidate):
                return candidate
            if "max" not in shape.metadata and python_pattern(pattern).fullmatch(whole):
                return whole  # An ARN longer than the default cut, where the model sets no bound.
        raise NoSample(pattern)
    if t in ("integer", "long"):
        low = shape.metadata.get("min", 0)
        high = shape.metadata.get("max", low + 10)
        return min(max(low, 7 + salt), high)
    if t == "boolean":
        return salt % 2 == 0
    if t == "timestamp":
        return EPOCH
    if t == "blob":
        return b"blob-bytes"
    if t in ("double", "float"):
        return 1.5
    raise AssertionError("unhandled shape type " + t)


class NoSample(Exception):
    pass


def candidates(salt):
    """Strings tried in turn until one satisfies a member's pattern (non-ASCII first, then the
    shapes IAM names, paths, ids, ARNs and URLs take)."""
    return [f"v{salt}-é☃", f"v{salt}", f"v{salt}-x", "/", f"/p{salt}/", "123456789012", f"{salt}",
            f"arn:aws:iam::123456789012:user/u{salt}", "https://example.com/x", "s3://bucket-name/x",
            "o-abcdefghij", "o-abcdefghij/r-abcd/", "p-abcdefgh", "v1", "ab", "a1b2c3d4", "x.amazonaws.com",
            "12:30", "ABC123", "abc-123", "arn:aws:kms:us-east-1:123456789012:key/abc-123",
            "arn:aws:access-analyzer:us-east-1:123456789012:analyzer/a1", "0123abcd-0123-4567-89ab-0123456789ab",
            "arn:aws:cloudtrail:us-east-1:123456789012:trail/t1", "arn:aws:iam::123456789012:role/r1"]


_PATTERNS = {}


def python_pattern(java):
    """The model's Java pattern, for Python's re (Unicode classes approximated for ASCII samples)."""
    if java not in _PATTERNS:
        spelled = java.replace("\\p{L}", "a-zA-Z").replace("\\p{Z}", " ").replace("\\p{N}", "0-9")
        spelled = spelled.replace("\\u10000-\\u10FFFF", "")
        _PATTERNS[java] = re.compile(spelled)
    return _PATTERNS[java]


def normalize(value):
    """Comparable form: timestamps as epoch seconds, blobs as bytes, nothing else changed."""
    if isinstance(value, dict):
        return {k: normalize(v) for k, v in value.items()}
    if isinstance(value, list):
        return [normalize(v) for v in value]
    if isinstance(value, datetime.datetime):
        return int(value.timestamp())
    return value


def normalize_decoded(value, shape):
    """What the decoder returns, in the sample's terms (per the shape: timestamps, blobs)."""
    t = shape.type_name
    if t == "structure":
        return {k: normalize_decoded(v, shape.members[k]) for k, v in value.items()}
    if t == "list":
        return [normalize_decoded(v, shape.member) for v in value]
    if t == "map":
        return {k: normalize_decoded(v, shape.value) for k, v in value.items()}
    if t == "timestamp":
        if isinstance(value, (int, float)):
            return int(value)
        return int(datetime.datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp())
    if t == "blob":
        return base64.b64decode(value)
    return value


# S3 operations that share another's HTTP binding exactly, so no request can reach them: the
# request routes to the operation AWS serves on it. Their members still decode (as themselves).
S3_SHADOWED = {
    "GetBucketLifecycle": "GetBucketLifecycleConfiguration",  # Deprecated.
    "PutBucketLifecycle": "PutBucketLifecycleConfiguration",  # Deprecated.
    "GetBucketNotification": "GetBucketNotificationConfiguration",  # Deprecated.
    "PutBucketNotification": "PutBucketNotificationConfiguration",  # Deprecated.
    "ListDirectoryBuckets": "ListBuckets",  # Served on the directory-bucket control endpoint.
}


S3_SAMPLE_DEPTH = 12


def drop_ambiguous(value, shape):
    """Leaves out `Event` and `Events` of S3's deprecated *ConfigurationDeprecated shapes (Get/
    PutBucketNotification): the single value and the flattened list are both written as <Event>
    elements, so no reader (botocore's included) can tell them apart."""
    if shape is None or not isinstance(value, (dict, list)):
        return
    if shape.type_name == "list":
        for item in value:
            drop_ambiguous(item, shape.member)
    elif shape.type_name == "map":
        for item in value.values():
            drop_ambiguous(item, shape.value)
    elif shape.type_name == "structure":
        if "Event" in shape.members and "Events" in shape.members:
            value.pop("Event", None)
            value.pop("Events", None)
        for k, v in value.items():
            drop_ambiguous(v, shape.members[k])


def rest_payload(shape):
    """The payload member of a REST input/output shape, or None."""
    return shape.serialization.get("payload") if shape is not None else None


def normalize_rest(value, shape):
    """What the REST-XML decoder returns, in the sample's terms: ISO timestamps, base64 blobs."""
    t = shape.type_name
    if t == "structure":
        return {k: normalize_rest(v, shape.members[k]) for k, v in value.items()}
    if t == "list":
        return [normalize_rest(v, shape.member) for v in value]
    if t == "map":
        return {k: normalize_rest(v, shape.value) for k, v in value.items()}
    if t == "timestamp":
        return int(datetime.datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp())
    if t == "blob" and isinstance(value, str):
        return base64.b64decode(value)
    return value


def text(value):
    """Blobs as text, for comparing bodies botocore hands back as str."""
    if isinstance(value, dict):
        return {k: text(v) for k, v in value.items()}
    if isinstance(value, list):
        return [text(v) for v in value]
    if isinstance(value, bytes):
        return value.decode()
    return value


class WireTool:
    def __init__(self):
        self.process = subprocess.Popen([TOOL], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)

    def ask(self, request):
        self.process.stdin.write(json.dumps(request) + "\n")
        self.process.stdin.flush()
        return json.loads(self.process.stdout.readline())

    def close(self):
        self.process.stdin.close()
        self.process.wait(timeout=30)


class BotocoreRoundTrip(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tool = WireTool()
        cls.session = botocore.session.get_session()

    @classmethod
    def tearDownClass(cls):
        cls.tool.close()

    def operations(self, service):
        model = self.session.get_service_model(service)
        for name in model.operation_names:
            yield model, model.operation_model(name)

    def test_requests_botocore_serializes_decode_to_their_input(self):
        checked = 0
        unsampled = []
        for service in SERVICES:
            for model, op in self.operations(service):
                if op.input_shape is None:
                    continue
                try:
                    params = sample(op.input_shape)
                except NoSample as e:
                    unsampled.append((op.name, str(e)))
                    continue
                serializer = serialize.create_serializer(model.metadata["protocol"], include_validation=False)
                request = serializer.serialize_to_request(params, op)
                body = request["body"]
                if isinstance(body, dict):
                    body = urllib.parse.urlencode(body)
                elif isinstance(body, bytes):
                    body = body.decode()
                answer = self.tool.ask({"mode": "decode", "service": service, "operation": op.name, "body": body})
                with self.subTest(service=service, operation=op.name):
                    self.assertTrue(answer["ok"], answer)
                    self.assertEqual(normalize_decoded(answer["members"], op.input_shape), normalize(params))
                checked += 1
        self.assertGreater(checked, 150)
        self.assertLess(len(unsampled), 5, unsampled)

    def test_responses_we_encode_parse_in_botocore_to_their_output(self):
        checked = 0
        for service in SERVICES:
            for model, op in self.operations(service):
                if op.output_shape is None:
                    continue
                result = sample(op.output_shape, patterns=False)  # The encoder checks nothing.
                wire_result = json.loads(json.dumps(normalize(result), default=lambda b: base64.b64encode(b).decode()))
                answer = self.tool.ask({"mode": "encode", "service": service, "operation": op.name,
                                        "result": wire_result})
                parser = parsers.create_parser(model.metadata["protocol"])
                parsed = parser.parse({"body": answer["body"].encode(), "headers": answer["headers"],
                                       "status_code": answer["status"]}, op.output_shape)
                parsed.pop("ResponseMetadata", None)
                with self.subTest(service=service, operation=op.name):
                    self.assertEqual(normalize(parsed), normalize(result))
                checked += 1
        self.assertGreater(checked, 150)


    def test_s3_requests_botocore_serializes_route_and_decode_to_their_input(self):
        model = self.session.get_service_model("s3")
        serializer = serialize.create_serializer("rest-xml", include_validation=False)
        checked = 0
        for name in model.operation_names:
            op = model.operation_model(name)
            params = sample(op.input_shape, max_depth=S3_SAMPLE_DEPTH) if op.input_shape is not None else {}
            drop_ambiguous(params, op.input_shape)
            for member_name, member in (op.input_shape.members.items() if op.input_shape else ()):
                if member.serialization.get("hostLabel"):
                    params[member_name] = "route-1"  # Part of the host name: botocore allows [A-Za-z0-9.-].
            request = serializer.serialize_to_request(params, op)
            path, _, literal_query = request["url_path"].partition("?")
            query = "&".join(q for q in (literal_query, percent_encode_sequence(request["query_string"])) if q)
            body = request["body"]
            if isinstance(body, bytes):
                body = body.decode()
            answer = self.tool.ask({"mode": "decode", "service": "s3", "operation": name, "method": request["method"],
                                    "path": path, "query": query, "headers": dict(request["headers"]),
                                    "body": body})
            expected = normalize(params)
            payload = rest_payload(op.input_shape)
            if payload in expected and op.input_shape.members[payload].type_name == "blob":
                # Blob payloads are not copied into the members: a marker stands for the body.
                expected[payload] = {"payload": "body", "size": len(params[payload])}
            with self.subTest(operation=name):
                self.assertTrue(answer["ok"], answer)
                self.assertEqual(answer["routed"], S3_SHADOWED.get(name, name))
                decoded = answer["members"]
                if payload in expected and isinstance(expected[payload], dict) and "size" in expected[payload]:
                    self.assertEqual(decoded.pop(payload), expected.pop(payload))
                self.assertEqual(normalize(normalize_rest(decoded, op.input_shape)), expected)
            checked += 1
        self.assertEqual(checked, len(model.operation_names))

    def test_s3_responses_we_encode_parse_in_botocore_to_their_output(self):
        model = self.session.get_service_model("s3")
        parser = parsers.create_parser("rest-xml")
        checked = 0
        skipped = []
        for name in model.operation_names:
            op = model.operation_model(name)
            if op.output_shape is None:
                continue
            result = sample(op.output_shape, patterns=False, max_depth=S3_SAMPLE_DEPTH)
            drop_ambiguous(result, op.output_shape)
            payload = rest_payload(op.output_shape)
            if payload is not None and op.output_shape.members[payload].serialization.get("eventstream"):
                # Event streams are framed by the pipeline (application/vnd.amazon.eventstream), not XML.
                skipped.append(name)
                continue
            wire_result = json.loads(json.dumps(normalize(result), default=lambda b: base64.b64encode(b).decode()))
            answer = self.tool.ask({"mode": "encode", "service": "s3", "operation": name, "result": wire_result})
            parsed = parser.parse({"body": answer["body"].encode(), "headers": answer["headers"],
                                   "status_code": answer["status"]}, op.output_shape)
            parsed.pop("ResponseMetadata", None)
            with self.subTest(operation=name):
                self.assertEqual(text(normalize(parsed)), text(normalize(result)))
            checked += 1
        self.assertEqual(skipped, ["SelectObjectContent"])
        self.assertEqual(checked + len(skipped), sum(1 for n in model.operation_names
                                                     if model.operation_model(n).output_shape is not None))

    def modelled_errors(self, service):
        model = self.session.get_service_model(service)
        for name in model.error_shapes and [e.name for e in model.error_shapes]:
            shape = model.shape_for(name)
            error = shape.metadata.get("error", {})
            fault = shape.metadata.get("fault", False)
            sender = error.get("senderFault", False) if "code" in error else not fault
            yield (model, shape, error.get("code", name), error.get("httpStatusCode", 500 if fault else 400), sender)

    def parse_error(self, model, answer):
        parser = parsers.create_parser(model.metadata["protocol"])
        headers = botocore.awsrequest.HeadersDict(answer["headers"])
        return parser.parse({"body": answer["body"].encode(), "headers": headers,
                             "status_code": answer["status"]}, None)

    def test_every_modelled_error_encodes_with_its_models_status_and_parses_to_its_code(self):
        checked = 0
        for service in ERROR_SERVICES:
            for model, shape, code, status, sender in self.modelled_errors(service):
                answer = self.tool.ask({"mode": "error", "service": service, "code": code, "message": "m1"})
                parsed = self.parse_error(model, answer)
                with self.subTest(service=service, error=shape.name):
                    self.assertEqual(answer["status"], status)
                    self.assertEqual(parsed["Error"]["Code"], code)
                    self.assertEqual(parsed["Error"]["Message"], "m1")
                    if model.metadata["protocol"] == "query":
                        self.assertEqual(parsed["Error"]["Type"], "Sender" if sender else "Receiver")
                checked += 1
        self.assertGreater(checked, 150)

    def test_common_errors_keep_their_status_in_every_protocol(self):
        for service in ERROR_SERVICES:
            model = self.session.get_service_model(service)
            modelled = {code for _, _, code, _, _ in self.modelled_errors(service)}
            for code, (status, side) in COMMON_ERRORS.items():
                if code in modelled:
                    continue
                answer = self.tool.ask({"mode": "error", "service": service, "code": code, "message": "m2"})
                parsed = self.parse_error(model, answer)
                with self.subTest(service=service, code=code):
                    self.assertEqual(answer["status"], status)
                    self.assertEqual(parsed["Error"]["Code"], code)
                    if model.metadata["protocol"] == "query":
                        self.assertEqual(parsed["Error"]["Type"], side)

    def test_rest_json_requests_botocore_serializes_route_and_decode_to_their_input(self):
        checked = 0
        for service in REST_JSON_SERVICES:
            model = self.session.get_service_model(service)
            serializer = serialize.create_serializer("rest-json", include_validation=False)
            for name in model.operation_names:
                op = model.operation_model(name)
                params = sample(op.input_shape) if op.input_shape is not None else {}
                request = serializer.serialize_to_request(params, op)
                path, _, literal_query = request["url_path"].partition("?")
                query = "&".join(q for q in (literal_query, percent_encode_sequence(request["query_string"])) if q)
                body = request["body"]
                if isinstance(body, bytes):
                    body = body.decode()
                answer = self.tool.ask({"mode": "decode", "service": service, "operation": name,
                                        "method": request["method"], "path": path, "query": query,
                                        "headers": dict(request["headers"]), "body": body})
                with self.subTest(service=service, operation=name):
                    self.assertTrue(answer["ok"], answer)
                    self.assertEqual(answer["routed"], name)
                    self.assertEqual(normalize_decoded(answer["members"], op.input_shape) if op.input_shape else {},
                                     normalize(params))
                checked += 1
        self.assertEqual(checked, sum(len(self.session.get_service_model(s).operation_names) for s in REST_JSON_SERVICES))

    def test_rest_json_responses_we_encode_parse_in_botocore_to_their_output(self):
        checked = 0
        for service in REST_JSON_SERVICES:
            model = self.session.get_service_model(service)
            parser = parsers.create_parser("rest-json")
            for name in model.operation_names:
                op = model.operation_model(name)
                if op.output_shape is None:
                    continue
                result = sample(op.output_shape, patterns=False)
                wire_result = json.loads(json.dumps(normalize(result),
                                                    default=lambda b: base64.b64encode(b).decode()))
                answer = self.tool.ask({"mode": "encode", "service": service, "operation": name,
                                        "result": wire_result})
                parsed = parser.parse({"body": answer["body"].encode(),
                                       "headers": botocore.awsrequest.HeadersDict(answer["headers"]),
                                       "status_code": answer["status"]}, op.output_shape)
                parsed.pop("ResponseMetadata", None)
                with self.subTest(service=service, operation=name):
                    self.assertEqual(answer["status"], op.http.get("responseCode", 200))
                    self.assertEqual(normalize(parsed), normalize(result))
                checked += 1
        self.assertEqual(checked, sum(1 for s in REST_JSON_SERVICES for n in self.session.get_service_model(s).operation_names
                                      if self.session.get_service_model(s).operation_model(n).output_shape is not None))


if __name__ == "__main__":
    unittest.main()
