-- wrk script: every request is a fresh SigV4-signed (Authorization header) STS GetCallerIdentity
-- POST, the way botocore sends it. Hashing and HMAC come from OpenSSL's libcrypto through LuaJIT's
-- FFI (never hand-written here); the signing key is derived once per day, as SDKs cache it.
-- Credentials from the environment: AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_REGION (us-east-1).
-- Another call (a JSON 1.1 one, such as KMS Encrypt) is named by BENCH_SERVICE (signing name),
-- BENCH_TARGET (X-Amz-Target) and BENCH_BODY (the JSON body); the defaults are GetCallerIdentity's.
--   wrk -t2 -c64 -d10s -s bench/sigv4_sign.lua http://127.0.0.1:PORT/
-- No response() hook (it would make wrk hand every response to Lua); wrk's own "Non-2xx" count is
-- what bench/server_get_caller_identity.sh checks.
local ffi = require("ffi")

ffi.cdef [[
typedef struct evp_md_st EVP_MD;
const EVP_MD *EVP_sha256(void);
unsigned char *SHA256(const unsigned char *d, size_t n, unsigned char *md);
unsigned char *HMAC(const EVP_MD *evp_md, const void *key, int key_len, const unsigned char *d, size_t n,
                    unsigned char *md, unsigned int *md_len);
]]
local crypto = ffi.load("crypto")

local digest = ffi.new("unsigned char[32]")
local digest_len = ffi.new("unsigned int[1]")

local function hex(bytes)
  return (bytes:gsub(".", function(c) return string.format("%02x", string.byte(c)) end))
end

local function sha256_hex(data)
  crypto.SHA256(data, #data, digest)
  return hex(ffi.string(digest, 32))
end

local function hmac(key, data)
  if crypto.HMAC(crypto.EVP_sha256(), key, #key, data, #data, digest, digest_len) == nil then
    error("HMAC failed")
  end
  return ffi.string(digest, digest_len[0])
end

local access_key = assert(os.getenv("AWS_ACCESS_KEY_ID"), "AWS_ACCESS_KEY_ID is not set")
local secret_key = assert(os.getenv("AWS_SECRET_ACCESS_KEY"), "AWS_SECRET_ACCESS_KEY is not set")
local region = os.getenv("AWS_REGION") or "us-east-1"
local service = os.getenv("BENCH_SERVICE") or "sts"
local target = os.getenv("BENCH_TARGET")
local body = os.getenv("BENCH_BODY") or "Action=GetCallerIdentity&Version=2011-06-15"
local content_type = target and "application/x-amz-json-1.1" or "application/x-www-form-urlencoded; charset=utf-8"
local payload_hash = sha256_hex(body)
local signed_headers = target and "content-type;host;x-amz-date;x-amz-target" or "content-type;host;x-amz-date"

local host
local signing_day, signing_key

function init(args)
  host = wrk.host .. ":" .. wrk.port
end

function request()
  local now = os.time()
  local amz_date = os.date("!%Y%m%dT%H%M%SZ", now)
  local day = amz_date:sub(1, 8)
  if day ~= signing_day then
    local k = hmac("AWS4" .. secret_key, day)
    k = hmac(k, region)
    k = hmac(k, service)
    signing_key = hmac(k, "aws4_request")
    signing_day = day
  end
  local canonical_headers = "content-type:" .. content_type .. "\nhost:" .. host .. "\nx-amz-date:" .. amz_date
  if target then canonical_headers = canonical_headers .. "\nx-amz-target:" .. target end
  local canonical = table.concat({"POST", "/", "", canonical_headers, "", signed_headers, payload_hash}, "\n")
  local scope = day .. "/" .. region .. "/" .. service .. "/aws4_request"
  local string_to_sign = table.concat({"AWS4-HMAC-SHA256", amz_date, scope, sha256_hex(canonical)}, "\n")
  local signature = hex(hmac(signing_key, string_to_sign))
  local headers = {
    ["Host"] = host,
    ["Content-Type"] = content_type,
    ["X-Amz-Date"] = amz_date,
    ["Authorization"] = "AWS4-HMAC-SHA256 Credential=" .. access_key .. "/" .. scope ..
        ", SignedHeaders=" .. signed_headers .. ", Signature=" .. signature,
  }
  if target then headers["X-Amz-Target"] = target end
  return wrk.format("POST", "/", headers, body)
end
