#include "server/http_listener.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <thread>
#include <type_traits>
#include <vector>

#include "protocol/codec.h"
#include "server/uuid_generator.h"

namespace bulwark::server {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace ssl = asio::ssl;

namespace {

// Holds one unit of a connection counter for as long as the connection object lives.
class CounterSlot {
 public:
  explicit CounterSlot(std::atomic<std::size_t>& counter) : counter_(&counter) { counter_->fetch_add(1); }
  ~CounterSlot() {
    if (counter_ != nullptr) counter_->fetch_sub(1);
  }
  CounterSlot(CounterSlot&& other) noexcept : counter_(std::exchange(other.counter_, nullptr)) {}
  CounterSlot(const CounterSlot&) = delete;
  CounterSlot& operator=(const CounterSlot&) = delete;
  CounterSlot& operator=(CounterSlot&&) = delete;

 private:
  std::atomic<std::size_t>* counter_;
};

// How long a refused connection may take to receive its 503 and go away.
constexpr std::chrono::seconds kRefusalDeadline{2};

// A connection over the cap: write 503 ServiceUnavailable at once (before reading anything; HTTP/1.1
// allows a server to answer early and close), stop sending, then discard what the client sends until
// it closes or the deadline passes. Closing with unread request bytes would make the kernel reset
// the connection, and a reset can destroy the answer before the client reads it.
class Refusal : public std::enable_shared_from_this<Refusal> {
 public:
  Refusal(tcp::socket socket, CounterSlot slot, protocol::WireResponse answer)
      : stream_(std::move(socket)), slot_(std::move(slot)) {
    response_.version(11);
    response_.result(answer.status);
    for (auto& [name, value] : answer.headers) response_.insert(name, value);
    response_.set(http::field::server, "Bulwark");
    response_.body() = std::move(answer.body);
    response_.keep_alive(false);
    response_.prepare_payload();
  }

  void Start() {
    stream_.expires_after(kRefusalDeadline);
    http::async_write(stream_, response_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
      if (ec) return self->Finish();
      beast::error_code ignored;
      self->stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
      self->Drain();
    });
  }

 private:
  void Drain() {
    stream_.async_read_some(asio::buffer(scratch_),
                            [self = shared_from_this()](beast::error_code ec, std::size_t) {
                              if (ec) return self->Finish();  // End of stream, reset or the deadline.
                              self->Drain();
                            });
  }

  void Finish() {
    beast::error_code ignored;
    stream_.socket().close(ignored);
  }

  beast::tcp_stream stream_;
  CounterSlot slot_;
  http::response<http::string_body> response_;
  std::array<char, 4096> scratch_;
};

// One connection: (TLS: detect, handshake) read a request, hand it over, write the answer, repeat
// while keep-alive. kTls selects the stream: Beast's ssl_stream over a tcp_stream, or the
// tcp_stream itself.
template <bool kTls>
class Session : public std::enable_shared_from_this<Session<kTls>> {
  using Stream = std::conditional_t<kTls, beast::ssl_stream<beast::tcp_stream>, beast::tcp_stream>;

 public:
  // `tls` is the ssl::context for kTls sessions (nothing otherwise).
  template <typename... Tls>
  Session(tcp::socket socket, CounterSlot slot, const ListenerOptions& options, const RequestHandler& handler,
          UuidGenerator& ids, Tls&... tls)
      : stream_(std::move(socket), tls...),
        slot_(std::move(slot)),
        options_(options),
        handler_(handler),
        ids_(ids) {}

  void Start() {
    if constexpr (kTls) {
      // A client speaking plain HTTP to the TLS port gets a readable answer instead of a reset.
      Lowest().expires_after(std::chrono::seconds(options_.idle_timeout_seconds));
      beast::async_detect_ssl(Lowest(), buffer_, [self = this->shared_from_this()](beast::error_code ec, bool tls) {
        self->OnDetect(ec, tls);
      });
    } else {
      ReadNext();
    }
  }

 private:
  beast::tcp_stream& Lowest() { return beast::get_lowest_layer(stream_); }

  void OnDetect(beast::error_code ec, bool tls) {
    if (ec) return CloseSocket();
    if (!tls) return RejectPlainHttp();
    if constexpr (kTls) {
      // The bytes detect_ssl read are the ClientHello's first. Boost 1.81 constrains the buffered
      // handler to void(error_code) though it calls it with (error_code, bytes used): take both.
      stream_.async_handshake(ssl::stream_base::server, buffer_.data(),
                              [self = this->shared_from_this()](beast::error_code hec, auto... used) {
                                (self->buffer_.consume(used), ...);
                                self->OnHandshake(hec);
                              });
    }
  }

  void OnHandshake(beast::error_code ec) {
    if (ec) return CloseSocket();  // Bad certificates, protocol versions, ciphers: nothing to answer.
    if constexpr (kTls) {
      handshake_done_ = true;
      const SSL* native = stream_.native_handle();
      tls_version_ = SSL_get_version(native);
      if (const SSL_CIPHER* cipher = SSL_get_current_cipher(native)) tls_cipher_suite_ = SSL_CIPHER_get_name(cipher);
    }
    ReadNext();
  }

  void RejectPlainHttp() {
    auto res = std::make_shared<http::response<http::string_body>>(http::status::bad_request, 11);
    res->set(http::field::server, "Bulwark");
    res->set(http::field::content_type, "text/plain");
    res->body() = "This endpoint speaks HTTPS only.\n";
    res->keep_alive(false);
    res->prepare_payload();
    http::async_write(Lowest(), *res, [self = this->shared_from_this(), res](beast::error_code, std::size_t) {
      self->CloseSocket();
    });
  }

  void ReadNext() {
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(options_.max_header_bytes));
    parser_->body_limit(options_.max_body_bytes);
    Lowest().expires_after(std::chrono::seconds(options_.idle_timeout_seconds));
    http::async_read(stream_, buffer_, *parser_,
                     [self = this->shared_from_this()](beast::error_code ec, std::size_t) { self->OnRead(ec); });
  }

  void OnRead(beast::error_code ec) {
    if (ec == http::error::end_of_stream || ec == beast::error::timeout || ec == asio::error::eof ||
        ec == asio::error::connection_reset || ec == asio::error::operation_aborted) {
      return Close();
    }
    if (ec == http::error::body_limit) {
      return Reject("RequestEntityTooLarge", "The request body is larger than this endpoint accepts.");
    }
    if (ec == http::error::header_limit) {
      return Reject("RequestHeaderSectionTooLarge", "The request headers are larger than this endpoint accepts.");
    }
    if (ec) return Reject("MalformedHttpRequest", "The request is not valid HTTP/1.1.");

    http::request<http::string_body> req = parser_->release();
    keep_alive_ = req.keep_alive();
    version_ = req.version();
    protocol::WireRequest wire;
    wire.method = std::string(req.method_string());
    wire.target = std::string(req.target());
    wire.headers.reserve(static_cast<std::size_t>(std::distance(req.begin(), req.end())));
    for (const auto& field : req) {
      wire.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
    }
    wire.body = std::move(req.body());
    beast::error_code peer_ec;
    auto peer = Lowest().socket().remote_endpoint(peer_ec);
    wire.source_ip = peer_ec ? "" : peer.address().to_string();
    wire.secure_transport = kTls;
    wire.tls_version = tls_version_;
    wire.tls_cipher_suite = tls_cipher_suite_;
    Lowest().expires_never();
    // The handler may answer from another thread; hop back onto this connection's executor.
    handler_(std::move(wire), Respond::FromLater([self = this->shared_from_this()](Respond::Producer produce) {
               asio::post(self->stream_.get_executor(),
                          [self, produce = std::move(produce)]() { self->Write(produce()); });
             }));
  }

  void Write(protocol::WireResponse response) {
    auto res = std::make_shared<http::response<http::string_body>>();
    res->version(version_);
    res->result(response.status);
    for (auto& [name, value] : response.headers) res->insert(name, value);
    res->set(http::field::server, "Bulwark");
    res->body() = std::move(response.body);
    res->keep_alive(keep_alive_);
    res->prepare_payload();
    Lowest().expires_after(std::chrono::seconds(options_.idle_timeout_seconds));
    http::async_write(stream_, *res, [self = this->shared_from_this(), res](beast::error_code ec, std::size_t) {
      if (ec || !self->keep_alive_) return self->Close();
      self->ReadNext();
    });
  }

  // Transport-level failures before a request exists (oversized, unparsable): AWS's error shape in
  // the query protocol (what botocore's parsers read for any service's HTTP-level errors), then close.
  // They are not API calls, so no CloudTrail record.
  void Reject(const char* code, const char* message) {
    keep_alive_ = false;
    static const protocol::ServiceProtocol kQuery{protocol::Protocol::kQuery, "", ""};
    Write(protocol::EncodeError(kQuery, core::Error{code, message}, ids_.NewV4()));
  }

  void Close() {
    if constexpr (kTls) {
      if (handshake_done_) {
        // Send close_notify (bounded: a peer that never answers is cut off at the timeout).
        handshake_done_ = false;
        Lowest().expires_after(std::chrono::seconds(5));
        stream_.async_shutdown([self = this->shared_from_this()](beast::error_code) { self->CloseSocket(); });
        return;
      }
    }
    CloseSocket();
  }

  void CloseSocket() {
    beast::error_code ec;
    Lowest().socket().shutdown(tcp::socket::shutdown_both, ec);
    Lowest().close();
  }

  Stream stream_;
  CounterSlot slot_;  // Counts this connection against max_connections until it is gone.
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  const ListenerOptions& options_;
  const RequestHandler& handler_;
  UuidGenerator& ids_;  // Request ids of rejections.
  bool keep_alive_ = false;
  unsigned version_ = 11;
  bool handshake_done_ = false;
  std::string tls_version_;       // "TLSv1.3", after the handshake.
  std::string tls_cipher_suite_;  // OpenSSL's name, as CloudTrail's tlsDetails.cipherSuite shows it.
};

}  // namespace

struct HttpListener::Impl {
  ListenerOptions options;
  RequestHandler handler;
  // Counters outlive the io_context: connections still queued in it are destroyed with it.
  std::atomic<std::size_t> connections{0};
  std::atomic<std::size_t> refusals{0};
  asio::io_context io;
  std::optional<ssl::context> tls;
  UuidGenerator ids{[] { return int64_t{0}; }};  // Only version 4 ids: no clock needed.
  tcp::acceptor acceptor{io};
  asio::steady_timer accept_pause{io};
  std::chrono::milliseconds accept_backoff{0};
  std::vector<std::thread> threads;
  std::mutex mu;
  std::condition_variable stopped_cv;
  bool stopped = false;

  // One accept at a time: each completion starts the next, directly or after a pause.
  void Accept() {
    acceptor.async_accept(asio::make_strand(io), [this](beast::error_code ec, tcp::socket socket) {
      if (ec == asio::error::operation_aborted) return;
      if (ec) return AcceptFailed(ec);
      accept_backoff = std::chrono::milliseconds(0);
      socket.set_option(tcp::no_delay(true), ec);
      if (connections.load() >= options.max_connections) {
        Refuse(std::move(socket));
      } else if (tls) {
        std::make_shared<Session<true>>(std::move(socket), CounterSlot(connections), options, handler, ids,
                                        *tls)
            ->Start();
      } else {
        std::make_shared<Session<false>>(std::move(socket), CounterSlot(connections), options, handler, ids)
            ->Start();
      }
      Accept();
    });
  }

  void AcceptFailed(const beast::error_code& ec) {
    // The peer gave up before we took the connection: nothing is exhausted, take the next one.
    if (ec == asio::error::connection_aborted || ec == asio::error::connection_reset) return Accept();
    // Out of descriptors or memory (EMFILE, ENFILE, ENOBUFS, ENOMEM) or anything unexpected: the
    // connection stays queued and accept would fail again at once. Pause instead of spinning; closed
    // connections free descriptors meanwhile.
    accept_backoff =
        std::clamp(accept_backoff * 2, std::chrono::milliseconds(10), std::chrono::milliseconds(1000));
    accept_pause.expires_after(accept_backoff);
    accept_pause.async_wait([this](beast::error_code wait_ec) {
      if (wait_ec == asio::error::operation_aborted || !acceptor.is_open()) return;
      Accept();
    });
  }

  void Refuse(tcp::socket socket) {
    // The socket closes here, unanswered: too many refusals already, or a TLS port, where a readable
    // 503 would first cost a handshake (work an attacker could multiply); TLS clients see the
    // connection close and retry.
    if (refusals.load() >= HttpListener::kMaxRefusals || tls) return;
    static const protocol::ServiceProtocol kQuery{protocol::Protocol::kQuery, "", ""};
    auto answer = protocol::EncodeError(
        kQuery,
        core::Error{"ServiceUnavailable", "The server is at its connection limit (max_connections " +
                                              std::to_string(options.max_connections) + "); retry later."},
        ids.NewV4());
    std::make_shared<Refusal>(std::move(socket), CounterSlot(refusals), std::move(answer))->Start();
  }
};

HttpListener::HttpListener(ListenerOptions options, RequestHandler handler) : impl_(std::make_unique<Impl>()) {
  impl_->options = std::move(options);
  impl_->handler = std::move(handler);
}

HttpListener::~HttpListener() { Stop(); }

core::Status HttpListener::Start() {
  beast::error_code ec;
  if (impl_->options.max_connections == 0) {
    return core::Error{"InvalidConfiguration", "max_connections must be at least 1"};
  }
  if (impl_->options.tls()) {
    auto& tls = impl_->tls.emplace(ssl::context::tls_server);
    tls.set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::single_dh_use);
    // TLS 1.2 is the oldest version AWS endpoints accept.
    SSL_CTX_set_min_proto_version(tls.native_handle(), TLS1_2_VERSION);
    tls.use_certificate_chain_file(impl_->options.tls_certificate_file, ec);
    if (!ec) tls.use_private_key_file(impl_->options.tls_private_key_file, ssl::context::pem, ec);
    if (ec) {
      impl_->tls.reset();
      return core::Error{"InvalidConfiguration", "cannot load the TLS certificate " +
                                                     impl_->options.tls_certificate_file + " and key " +
                                                     impl_->options.tls_private_key_file + ": " + ec.message()};
    }
  }
  auto address = asio::ip::make_address(impl_->options.address, ec);
  if (ec) return core::Error{"ServiceUnavailable", "invalid listen address " + impl_->options.address};
  tcp::endpoint endpoint(address, impl_->options.port);
  impl_->acceptor.open(endpoint.protocol(), ec);
  if (!ec) impl_->acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) impl_->acceptor.bind(endpoint, ec);
  if (!ec) impl_->acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    return core::Error{"ServiceUnavailable", "cannot listen on " + impl_->options.address + ":" +
                                                 std::to_string(impl_->options.port) + ": " + ec.message()};
  }
  impl_->Accept();
  unsigned n = impl_->options.threads != 0 ? impl_->options.threads : std::thread::hardware_concurrency();
  if (n == 0) n = 2;
  for (unsigned i = 0; i < n; ++i) impl_->threads.emplace_back([this] { impl_->io.run(); });
  return core::Status::Ok();
}

uint16_t HttpListener::BoundPort() const {
  beast::error_code ec;
  auto ep = impl_->acceptor.local_endpoint(ec);
  return ec ? 0 : ep.port();
}

void HttpListener::Stop() {
  {
    std::lock_guard lock(impl_->mu);
    if (impl_->stopped) return;
    impl_->stopped = true;
  }
  beast::error_code ec;
  impl_->acceptor.close(ec);
  impl_->io.stop();  // Also ends a pending accept pause: its handler never runs.
  for (auto& t : impl_->threads) {
    if (t.joinable()) t.join();
  }
  impl_->stopped_cv.notify_all();
}

std::size_t HttpListener::OpenConnections() const {
  return impl_->connections.load();
}

void HttpListener::Wait() {
  std::unique_lock lock(impl_->mu);
  impl_->stopped_cv.wait(lock, [this] { return impl_->stopped; });
}

}  // namespace bulwark::server
