// IAM Access Analyzer (REST-JSON, 2019-11-01, signing name "access-analyzer"): ValidatePolicy,
// answered by Bulwark's policy validator (policy/validator.h, the findings `bulwark policy validate`
// prints) in Access Analyzer's shape. The request is routed by POST /policy/validation and decoded
// from botocore's model by the pipeline; authorization is access-analyzer:ValidatePolicy on "*".
//
// Mapping (Access Analyzer API Reference, ValidatePolicy and ValidatePolicyFinding):
//   policyType                IDENTITY_POLICY, RESOURCE_POLICY, SERVICE_CONTROL_POLICY and
//                             RESOURCE_CONTROL_POLICY select the validator's policy kind; a
//                             RESOURCE_POLICY with validatePolicyResourceType
//                             AWS::IAM::AssumeRolePolicyDocument is validated as a role trust
//                             policy; the other resource types run the checks of every resource
//                             policy (as AWS does for types it has no specific checks for).
//                             validatePolicyResourceType with another policyType is a
//                             ValidationException (the reference: "only if the policy type is
//                             RESOURCE_POLICY").
//   locale                    accepted; findings are written in English.
//   findingType, issueCode    the finding's severity and code;
//   findingDetails            its message;
//   learnMoreLink             the check's section of the IAM User Guide's "IAM policy validation
//                             check reference" (access-analyzer-reference-policy-checks.html);
//   locations                 one location: the path (object keys as "value", array positions as
//                             "index") and the span of the element the finding is about: start at
//                             the finding's position, end just past that JSON value. Lines count
//                             from 1, columns and offsets from 0, in UTF-16 code units (Access
//                             Analyzer is a Java service; for ASCII policies these are bytes).
//   maxResults, nextToken     pages of at most maxResults findings (all when absent; below 1 is a
//                             ValidationException). The token is the next finding's index bound to
//                             the request by a digest of policyType, resource type and document: a
//                             token altered, or used with another policy, is a ValidationException.
// Thread-safety: immutable after construction.
#pragma once

#include "services/service.h"

namespace bulwark::services {

class AccessAnalyzerService : public TableService {
 public:
  AccessAnalyzerService();
};

}  // namespace bulwark::services
