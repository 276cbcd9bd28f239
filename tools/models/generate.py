#!/usr/bin/env python3
"""Writes the compact service models Bulwark embeds (src/protocol/service_model.h reads them).

Source: botocore's service models (Apache-2.0), the authoritative shapes of every request the AWS
SDKs send. For each service served, every operation's input, output and error shapes and the shapes they
reach, keeping only what decoding, validation and encoding need: types, members and their wire names, required members,
length/range bounds, enums and patterns. Output: one JSON object on stdout. Structure members keep
the model's order (validation messages list problems in that order); shapes are sorted by name.
"""
import json
import sys

import botocore
import botocore.loaders

SERVICES = {"iam": "2010-05-08", "sts": "2011-06-15", "cloudtrail": "2013-11-01", "s3": "2006-03-01",
            "organizations": "2016-11-28", "accessanalyzer": "2019-11-01", "kms": "2014-11-01"}

# REST protocols (S3's rest-xml) also need: the structure member bound to the body ("payload"), XML
# namespaces and attributes, streaming blobs and event streams, unions.
SHAPE_KEYS = ("type", "required", "min", "max", "enum", "pattern", "flattened", "timestampFormat",
              "locationName", "sensitive", "error", "payload", "xmlNamespace", "streaming", "eventstream",
              "union", "exception", "fault")
MEMBER_KEYS = ("shape", "locationName", "queryName", "flattened", "location", "xmlNamespace",
               "timestampFormat", "jsonvalue", "idempotencyToken", "xmlAttribute", "streaming", "hostLabel")


def compact_error(name, shape):
    """An error shape's wire code, HTTP status and fault side. botocore writes Smithy's awsQueryError
    trait as "error": {"code", "httpStatusCode", "senderFault"}; without it the code is the shape's
    name and the status 400 (500 for a "fault" shape, the server's)."""
    error = shape.get("error", {})
    fault = shape.get("fault", False)
    # awsQueryError writes senderFault only for client errors: with a code and no senderFault, the
    # error is the server's ("Receiver").
    sender = error.get("senderFault", False) if "code" in error else not fault
    return {"code": error.get("code", name), "httpStatusCode": error.get("httpStatusCode", 500 if fault else 400),
            "senderFault": sender}


# Shapes whose values are secrets although the model does not mark them sensitive: one-time MFA
# codes. Sensitive values are never echoed in validation messages and never recorded.
SENSITIVE = {"iam": {"authenticationCodeType"}, "sts": {"tokenCodeType"}}


def reachable(shapes, root, seen):
    if root in seen:
        return
    seen.add(root)
    shape = shapes[root]
    refs = []
    if shape["type"] == "structure":
        refs = [m["shape"] for m in shape.get("members", {}).values()]
    elif shape["type"] == "list":
        refs = [shape["member"]["shape"]]
    elif shape["type"] == "map":
        refs = [shape["key"]["shape"], shape["value"]["shape"]]
    for ref in refs:
        reachable(shapes, ref, seen)


def compact_ref(ref):
    return {k: ref[k] for k in MEMBER_KEYS if k in ref}


def compact_shape(name, shape):
    out = {k: shape[k] for k in SHAPE_KEYS if k in shape}
    if shape.get("exception"):
        out["error"] = compact_error(name, shape)
    if shape["type"] == "structure":
        out["members"] = {name: compact_ref(ref) for name, ref in shape.get("members", {}).items()}
    elif shape["type"] == "list":
        out["member"] = compact_ref(shape["member"])
    elif shape["type"] == "map":
        out["key"] = compact_ref(shape["key"])
        out["value"] = compact_ref(shape["value"])
    return out


def main():
    loader = botocore.loaders.Loader()
    models = {}
    for service, version in SERVICES.items():
        model = loader.load_service_model(service, "service-2", api_version=version)
        shapes = model["shapes"]
        operations = {}
        seen = set()
        for name, op in sorted(model["operations"].items()):
            entry = {}
            if "http" in op:
                entry["http"] = {k: op["http"][k] for k in ("method", "requestUri", "responseCode") if k in op["http"]}
            if op.get("deprecated"):
                entry["deprecated"] = True
            # S3 operations only served on the directory-bucket control endpoint (ListDirectoryBuckets
            # shares ListBuckets' "GET /"): path-style routing prefers the general endpoint's one.
            if op.get("staticContextParams", {}).get("UseS3ExpressControlEndpoint", {}).get("value"):
                entry["controlEndpoint"] = True
            if "input" in op:
                entry["input"] = op["input"]["shape"]
                # rest-xml inputs without a payload member name their body's root element here.
                for key in ("locationName", "xmlNamespace"):
                    if key in op["input"]:
                        entry["input" + key[0].upper() + key[1:]] = op["input"][key]
                reachable(shapes, op["input"]["shape"], seen)
            if "output" in op:
                entry["output"] = op["output"]["shape"]
                if "resultWrapper" in op["output"]:
                    entry["resultWrapper"] = op["output"]["resultWrapper"]
                reachable(shapes, op["output"]["shape"], seen)
            errors = [e["shape"] for e in op.get("errors", [])]
            if errors:
                entry["errors"] = errors
                for e in errors:
                    reachable(shapes, e, seen)
            operations[name] = entry
        # Every error the service models, whether or not an operation lists it: a code a handler
        # returns takes its status and fault side from here (protocol/error_codes.h).
        for name, shape in shapes.items():
            if shape.get("exception"):
                reachable(shapes, name, seen)
        metadata = model["metadata"]
        models[service] = {
            "apiVersion": metadata["apiVersion"],
            "protocol": metadata["protocol"],
            "jsonVersion": metadata.get("jsonVersion", ""),
            "targetPrefix": metadata.get("targetPrefix", ""),
            "xmlNamespace": metadata.get("xmlNamespace", ""),
            "signingName": metadata.get("signingName", metadata.get("endpointPrefix", service)),
            # JSON services that moved from the query protocol answer errors with the query code too
            # (x-amzn-query-error: Code;Sender).
            "awsQueryCompatible": "awsQueryCompatible" in metadata,
            "operations": operations,
            "shapes": {name: dict(compact_shape(name, shapes[name]), **({"sensitive": True}
                                                                  if name in SENSITIVE.get(service, ()) else {}))
                       for name in sorted(seen)},
        }
    json.dump({"source": "botocore " + botocore.__version__, "services": models}, sys.stdout,
              separators=(",", ":"))


if __name__ == "__main__":
    main()
