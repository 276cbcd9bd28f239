#include "server/http_listener.h"

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

namespace bulwark::server {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace {

// One connection: read a request, hand it over, write the answer, repeat while keep-alive.
class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, const ListenerOptions& options, const RequestHandler& handler)
      : stream_(std::move(socket)), options_(options), handler_(handler) {}

  void Start() { ReadNext(); }

 private:
  void ReadNext() {
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(options_.max_header_bytes));
    parser_->body_limit(options_.max_body_bytes);
    stream_.expires_after(std::chrono::seconds(options_.idle_timeout_seconds));
    http::async_read(stream_, buffer_, *parser_,
                     [self = shared_from_this()](beast::error_code ec, std::size_t) { self->OnRead(ec); });
  }

  void OnRead(beast::error_code ec) {
    if (ec == http::error::end_of_stream || ec == beast::error::timeout || ec == asio::error::eof ||
        ec == asio::error::connection_reset || ec == asio::error::operation_aborted) {
      return Close();
    }
    if (ec == http::error::body_limit) return Reject(http::status::payload_too_large, "RequestEntityTooLarge");
    if (ec == http::error::header_limit) {
      return Reject(http::status::request_header_fields_too_large, "RequestHeaderSectionTooLarge");
    }
    if (ec) return Reject(http::status::bad_request, "MalformedHttpRequest");

    http::request<http::string_body> req = parser_->release();
    keep_alive_ = req.keep_alive();
    version_ = req.version();
    protocol::WireRequest wire;
    wire.method = std::string(req.method_string());
    wire.target = std::string(req.target());
    for (const auto& field : req) {
      wire.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
    }
    wire.body = std::move(req.body());
    beast::error_code peer_ec;
    auto peer = stream_.socket().remote_endpoint(peer_ec);
    wire.source_ip = peer_ec ? "" : peer.address().to_string();
    wire.secure_transport = false;
    stream_.expires_never();
    // The handler may answer from another thread; hop back onto this connection's executor.
    handler_(std::move(wire), [self = shared_from_this()](protocol::WireResponse response) {
      asio::post(self->stream_.get_executor(),
                 [self, r = std::move(response)]() mutable { self->Write(std::move(r)); });
    });
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
    stream_.expires_after(std::chrono::seconds(options_.idle_timeout_seconds));
    http::async_write(stream_, *res, [self = shared_from_this(), res](beast::error_code ec, std::size_t) {
      if (ec || !self->keep_alive_) return self->Close();
      self->ReadNext();
    });
  }

  // Transport-level failures before a request exists: a minimal body, then close.
  void Reject(http::status status, const char* code) {
    keep_alive_ = false;
    protocol::WireResponse r;
    r.status = static_cast<unsigned>(status);
    r.headers.emplace_back("Content-Type", "text/plain");
    r.body = std::string(code) + "\n";
    Write(std::move(r));
  }

  void Close() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
    stream_.close();
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  const ListenerOptions& options_;
  const RequestHandler& handler_;
  bool keep_alive_ = false;
  unsigned version_ = 11;
};

}  // namespace

struct HttpListener::Impl {
  ListenerOptions options;
  RequestHandler handler;
  asio::io_context io;
  tcp::acceptor acceptor{io};
  std::vector<std::thread> threads;
  std::mutex mu;
  std::condition_variable stopped_cv;
  bool stopped = false;

  void Accept() {
    acceptor.async_accept(asio::make_strand(io), [this](beast::error_code ec, tcp::socket socket) {
      if (ec == asio::error::operation_aborted) return;
      if (!ec) {
        socket.set_option(tcp::no_delay(true), ec);
        std::make_shared<Session>(std::move(socket), options, handler)->Start();
      }
      Accept();
    });
  }
};

HttpListener::HttpListener(ListenerOptions options, RequestHandler handler) : impl_(std::make_unique<Impl>()) {
  impl_->options = std::move(options);
  impl_->handler = std::move(handler);
}

HttpListener::~HttpListener() { Stop(); }

core::Status HttpListener::Start() {
  beast::error_code ec;
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
  impl_->io.stop();
  for (auto& t : impl_->threads) {
    if (t.joinable()) t.join();
  }
  impl_->stopped_cv.notify_all();
}

void HttpListener::Wait() {
  std::unique_lock lock(impl_->mu);
  impl_->stopped_cv.wait(lock, [this] { return impl_->stopped; });
}

}  // namespace bulwark::server
