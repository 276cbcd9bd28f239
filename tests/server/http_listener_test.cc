// The HTTP listener's bounds and transport-level rejections, over real sockets on port 0: oversized
// bodies and headers and unparsable requests get AWS-shaped errors, never a crash or a hang;
// connections beyond the cap are refused with 503 and idle ones are closed.
#include "server/http_listener.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

namespace bulwark::server {
namespace {

class HttpListenerTest : public ::testing::Test {
 protected:
  void Start(ListenerOptions options = {}) {
    options.port = 0;
    options.threads = 1;
    if (options.idle_timeout_seconds == ListenerOptions().idle_timeout_seconds)
      options.idle_timeout_seconds = 5;
    listener_ = std::make_unique<HttpListener>(options, [this](protocol::WireRequest request, Respond respond) {
      ++handled_;
      protocol::WireResponse r;
      r.body = "handled " + request.method + " secure=" + (request.secure_transport ? "1" : "0");
      respond(std::move(r));
    });
    ASSERT_TRUE(listener_->Start().ok());
  }

  // A connected socket that has sent nothing, with a 5 s receive timeout.
  int Connect() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(listener_->BoundPort());
    ::inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
    EXPECT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
    timeval timeout{5, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    return fd;
  }

  // Waits (up to 5 s) until the listener serves `n` connections.
  void AwaitOpenConnections(std::size_t n) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (listener_->OpenConnections() != n && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    ASSERT_EQ(listener_->OpenConnections(), n);
  }

  // Sends `data`, returns everything the server answered until it closed (or 5 s passed).
  std::string Exchange(const std::string& data) {
    const int fd = Connect();
    std::size_t sent = 0;
    while (sent < data.size()) {
      const ssize_t n = ::send(fd, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
      if (n <= 0) break;  // The server may close early (oversized input); read what it said.
      sent += static_cast<std::size_t>(n);
    }
    std::string out;
    char buf[4096];
    for (;;) {
      const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
      if (n <= 0) break;
      out.append(buf, static_cast<std::size_t>(n));
    }
    ::close(fd);
    return out;
  }

  std::unique_ptr<HttpListener> listener_;
  std::atomic<int> handled_{0};
};

TEST_F(HttpListenerTest, WellFormedRequestReachesTheHandler) {
  Start();
  const std::string out = Exchange("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nConnection: close\r\n\r\nab");
  EXPECT_NE(out.find("200 OK"), std::string::npos) << out;
  EXPECT_NE(out.find("handled POST secure=0"), std::string::npos) << out;
}

TEST_F(HttpListenerTest, OversizedBodyIsRequestEntityTooLarge) {
  ListenerOptions options;
  options.max_body_bytes = 1024;
  Start(options);
  const std::string out =
      Exchange("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 4096\r\n\r\n" + std::string(4096, 'a'));
  EXPECT_EQ(out.rfind("HTTP/1.1 413", 0), 0u) << out;
  EXPECT_NE(out.find("<Code>RequestEntityTooLarge</Code>"), std::string::npos) << out;
  EXPECT_NE(out.find("x-amzn-RequestId"), std::string::npos) << out;
  EXPECT_EQ(handled_.load(), 0);
}

TEST_F(HttpListenerTest, OversizedChunkedBodyIsRequestEntityTooLarge) {
  ListenerOptions options;
  options.max_body_bytes = 1024;
  Start(options);
  const std::string chunk = "800\r\n" + std::string(0x800, 'a') + "\r\n";
  const std::string out = Exchange("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n" + chunk + "0\r\n\r\n");
  EXPECT_EQ(out.rfind("HTTP/1.1 413", 0), 0u) << out;
  EXPECT_EQ(handled_.load(), 0);
}

TEST_F(HttpListenerTest, OversizedHeadersAreRequestHeaderSectionTooLarge) {
  ListenerOptions options;
  options.max_header_bytes = 1024;
  Start(options);
  const std::string out = Exchange("GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(4096, 'a') + "\r\n\r\n");
  EXPECT_EQ(out.rfind("HTTP/1.1 431", 0), 0u) << out;
  EXPECT_NE(out.find("<Code>RequestHeaderSectionTooLarge</Code>"), std::string::npos) << out;
  EXPECT_EQ(handled_.load(), 0);
}

TEST_F(HttpListenerTest, GarbageIsMalformedHttpRequest) {
  Start();
  const std::string out = Exchange("\x16\x03\x01 not http at all\r\n\r\n");
  EXPECT_EQ(out.rfind("HTTP/1.1 400", 0), 0u) << out;
  EXPECT_NE(out.find("<Code>MalformedHttpRequest</Code>"), std::string::npos) << out;
}

TEST_F(HttpListenerTest, ConflictingContentLengthsAreMalformed) {
  Start();
  const std::string out = Exchange("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nab");
  EXPECT_EQ(out.rfind("HTTP/1.1 400", 0), 0u) << out;
  EXPECT_EQ(handled_.load(), 0);
}

TEST_F(HttpListenerTest, ServerKeepsServingAfterARejection) {
  Start();
  Exchange("garbage\r\n\r\n");
  const std::string out = Exchange("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  EXPECT_NE(out.find("handled GET"), std::string::npos) << out;
}

// Issue 17, item 9: without a cap every connection was served until descriptors ran out.
TEST_F(HttpListenerTest, ConnectionsBeyondTheCapAreRefusedWith503) {
  ListenerOptions options;
  options.max_connections = 2;
  Start(options);
  std::vector<int> held{Connect(), Connect()};
  AwaitOpenConnections(2);
  const std::string out = Exchange("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(out.rfind("HTTP/1.1 503", 0), 0u) << out;
  EXPECT_NE(out.find("<Code>ServiceUnavailable</Code>"), std::string::npos) << out;
  EXPECT_NE(out.find("x-amzn-RequestId"), std::string::npos) << out;
  EXPECT_EQ(handled_.load(), 0);
  EXPECT_EQ(listener_->OpenConnections(), 2u);
  for (int fd : held) ::close(fd);
  AwaitOpenConnections(0);
  const std::string later = Exchange("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  EXPECT_NE(later.find("handled GET"), std::string::npos) << later;
}

TEST_F(HttpListenerTest, IdleConnectionIsClosedAfterTheIdleTimeout) {
  ListenerOptions options;
  options.idle_timeout_seconds = 1;
  Start(options);
  const int fd = Connect();
  AwaitOpenConnections(1);
  char byte;
  const auto started = std::chrono::steady_clock::now();
  EXPECT_EQ(::recv(fd, &byte, 1, 0), 0) << "the server should close the idle connection";
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(4));
  ::close(fd);
  AwaitOpenConnections(0);
}

TEST_F(HttpListenerTest, ZeroMaxConnectionsIsInvalid) {
  ListenerOptions options;
  options.max_connections = 0;
  HttpListener listener(options, [](protocol::WireRequest, Respond) {});
  auto started = listener.Start();
  ASSERT_FALSE(started.ok());
  EXPECT_EQ(started.error().code, "InvalidConfiguration");
}

}  // namespace
}  // namespace bulwark::server
