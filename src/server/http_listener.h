// The HTTP/1.1 front door: an Asio acceptor and keep-alive sessions (Boost.Beast) running on a
// pool of threads. Each parsed request is handed to a RequestHandler as a transport-neutral
// WireRequest; the handler answers through a completion callback, which may run on another thread
// (the store's group-commit writer), so sessions never block a pool thread.
//
// Bounds: header bytes and body bytes per request (oversized requests are answered 413/431 and the
// connection closed), idle timeout per connection (also bounding the TLS handshake), and concurrent
// connections. A connection beyond max_connections is accepted and answered at once with 503
// ServiceUnavailable in the query protocol's ErrorResponse shape (what every AWS SDK parses and
// retries with backoff), then closed; it never reaches a request handler. Refusals are themselves
// bounded (kMaxRefusals, 2 seconds each); past that, and always on a TLS port (a readable answer
// would first cost a handshake), surplus connections are closed without an answer. When accept fails for want
// of descriptors or memory (EMFILE, ENFILE, ENOBUFS, ENOMEM) the listener waits on a timer (10 ms doubling to
// 1 s) before accepting again: the pending connection stays queued, so retrying at once would spin a core
// without serving anyone.
//
// TLS (optional): when a certificate and key are configured every connection must speak TLS 1.2 or
// 1.3 (Beast ssl_stream over OpenSSL); requests carry secure_transport and the negotiated version
// and cipher suite. A client that speaks plain HTTP to the TLS port is answered 400 with a short
// text saying so, then disconnected.
// Thread-safety: Start/Stop from one controlling thread; the handler is called concurrently.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <type_traits>

#include "core/result.h"
#include "protocol/wire.h"

namespace bulwark::server {

struct ListenerOptions {
  std::string address = "127.0.0.1";
  uint16_t port = 0;  // 0 picks a free port (tests); see BoundPort().
  unsigned threads = 0;  // 0 = hardware concurrency.
  std::size_t max_header_bytes = 16 * 1024;
  std::size_t max_body_bytes = 1024 * 1024;
  unsigned idle_timeout_seconds = 60;
  // Concurrent connections served; at least 1. Keep it below the descriptor limit (RLIMIT_NOFILE)
  // minus what the store and the process need.
  std::size_t max_connections = 1024;
  // Both set: serve TLS with this PEM certificate chain and PEM private key.
  std::string tls_certificate_file;
  std::string tls_private_key_file;
  bool tls() const { return !tls_certificate_file.empty(); }
};

// How a handler answers a request, from any thread, exactly once: with a finished response, or with
// a producer the listener runs on the connection's own executor. The second keeps work such as
// encoding off the thread that completed the call (the store's single writer, whose time bounds
// the server's throughput). Any callable taking a WireResponse converts to a Respond (tests).
class Respond {
 public:
  using Producer = std::function<protocol::WireResponse()>;
  using Later = std::function<void(Producer)>;

  Respond() = default;
  template <typename F, typename = std::enable_if_t<std::is_invocable_v<F&, protocol::WireResponse> &&
                                                    !std::is_same_v<std::decay_t<F>, Respond>>>
  Respond(F deliver)  // NOLINT(google-explicit-constructor): callables convert, as std::function does.
      : later_([deliver = std::move(deliver)](const Producer& produce) mutable { deliver(produce()); }) {}
  static Respond FromLater(Later later) {
    Respond r;
    r.later_ = std::move(later);
    return r;
  }

  void operator()(protocol::WireResponse response) const {
    later_([r = std::move(response)]() mutable { return std::move(r); });
  }
  void WithProducer(Producer produce) const { later_(std::move(produce)); }

 private:
  Later later_;
};

using RequestHandler = std::function<void(protocol::WireRequest, Respond)>;

class HttpListener {
 public:
  HttpListener(ListenerOptions options, RequestHandler handler);
  ~HttpListener();
  HttpListener(const HttpListener&) = delete;
  HttpListener& operator=(const HttpListener&) = delete;

  // Binds and starts the pool. Errors: "ServiceUnavailable" when the address cannot be bound;
  // "InvalidConfiguration" when the TLS certificate or key cannot be loaded.
  core::Status Start();
  uint16_t BoundPort() const;
  // Stops accepting, closes connections, joins the pool. Idempotent.
  void Stop();
  // Blocks until Stop() is called from another thread or a signal handler.
  void Wait();
  // Connections being served now (not counting refusals); for tests and diagnostics.
  std::size_t OpenConnections() const;

  // Refusals in progress at once; beyond this, surplus connections are closed without an answer.
  static constexpr std::size_t kMaxRefusals = 64;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace bulwark::server
