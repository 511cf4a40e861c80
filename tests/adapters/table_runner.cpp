// Running one incoming or outgoing case (see table_harness.hpp for the format).
#include <map>

#include "core/text.hpp"
#include "tests/adapters/table_harness.hpp"
#include "tests/adapters/table_support.hpp"

namespace stoop::adapters::table {
namespace {

void put_if(Json& object, const char* key, const std::string& value) {
  if (!value.empty()) object[key] = value;
}

Json to_json(const InboundMessage& message) {
  Json out = Json::object();
  put_if(out, "id", message.provider_message_id);
  put_if(out, "from", message.from);
  put_if(out, "to", message.to);
  put_if(out, "text", message.text);
  put_if(out, "display_name", message.display_name);
  put_if(out, "payload", message.payload);
  for (const auto& attachment : message.attachments) {
    Json item = Json::object();
    put_if(item, "content_type", attachment.content_type);
    put_if(item, "url", attachment.url);
    put_if(item, "media_id", attachment.media_id);
    out["attachments"].push_back(item);
  }
  return out;
}

Json to_json(const StatusUpdate& status) {
  Json out{{"id", status.provider_message_id}, {"status", std::string(to_string(status.status))}};
  put_if(out, "error_code", status.error_code);
  return out;
}

std::string to_string(SendOutcome outcome) {
  switch (outcome) {
    case SendOutcome::sent: return "sent";
    case SendOutcome::retry: return "retry";
    case SendOutcome::failed: return "failed";
    case SendOutcome::opted_out: return "opted_out";
    case SendOutcome::held: return "held";
  }
  return "?";
}

std::vector<Header> headers_of(const Json& data) {
  std::vector<Header> headers;
  Json given = data.value("headers", Json::object()); // items() must not outlive it
  for (const auto& [name, value] : given.items()) {
    headers.emplace_back(to_lower_ascii(name), value.get<std::string>());
  }
  return headers;
}

std::map<std::string, std::string> header_map(const std::vector<Header>& headers) {
  std::map<std::string, std::string> out;
  for (const auto& [name, value] : headers) out[to_lower_ascii(name)] = value;
  return out;
}

HttpRequest request_of(const CaseRef& ref, const LoadedCase& loaded) {
  const Json& data = loaded.data;
  std::string endpoint = data.value("endpoint", "message");
  std::string id = loaded.settings.at("id").get<std::string>();
  HttpRequest request;
  request.method = data.value("method", endpoint == "handshake" ? "GET" : "POST");
  request.target = data.value("target", "/hooks/" + id + (endpoint == "status" ? "/status" : ""));
  request.headers = headers_of(data);
  request.body = case_body(ref, data);
  return request;
}

// A reply or a provider answer: "body" exact, or "json" compared as JSON.
void expect_body(const Json& expected, const std::string& actual) {
  if (expected.contains("json")) {
    EXPECT_EQ(Json::parse(actual, nullptr, false), expected["json"]) << actual;
  } else if (expected.contains("body")) {
    EXPECT_EQ(actual, expected["body"].get<std::string>());
  }
}

void expect_response(const Json& expected, const HttpResponse& actual) {
  EXPECT_EQ(actual.status, expected.value("status", 200));
  if (expected.contains("content_type")) {
    EXPECT_EQ(actual.content_type, expected["content_type"].get<std::string>());
  }
  expect_body(expected, actual.body);
}

// Runs the request the way the server does: verify, then parse; returns texts to scan for secrets.
std::vector<std::string> run_webhook(const Adapter& adapter, const HttpRequest& request, const Json& data) {
  std::vector<std::string> texts;
  std::string endpoint = data.value("endpoint", "message");
  if (endpoint == "handshake") {
    HttpResponse response = adapter.handshake(request);
    expect_response(data.value("reply", Json{{"status", data.value("status", 200)}}), response);
    texts.push_back(response.body);
    return texts;
  }
  if (!adapter.verify(request)) {
    EXPECT_EQ(data.at("status").get<int>(), 403) << "verify refused the request";
    return texts;
  }
  auto events = endpoint == "status" ? adapter.parse_status(request) : adapter.parse(request);
  if (!events) {
    texts.push_back(events.error());
    EXPECT_EQ(data.at("status").get<int>(), 400) << "parse failed: " << events.error();
    if (data.contains("error")) {
      EXPECT_NE(events.error().find(data["error"].get<std::string>()), std::string::npos) << events.error();
    }
    return texts;
  }
  EXPECT_EQ(data.at("status").get<int>(), 200) << "verify and parse accepted the request";
  Json messages = Json::array();
  for (const auto& message : events->messages) {
    EXPECT_EQ(message.channel_id, adapter.channel_id());
    messages.push_back(to_json(message));
  }
  Json statuses = Json::array();
  for (const auto& status : events->statuses) statuses.push_back(to_json(status));
  EXPECT_EQ(messages, data.value("messages", Json::array())) << messages.dump(2);
  EXPECT_EQ(statuses, data.value("statuses", Json::array())) << statuses.dump(2);
  HttpResponse reply = adapter.webhook_reply(request);
  if (data.contains("reply")) expect_response(data["reply"], reply);
  texts.push_back(reply.body);
  return texts;
}

OutboundMessage message_of(const Json& data, const std::string& channel_id) {
  OutboundMessage message;
  message.channel_id = channel_id;
  message.to = data.value("to", "");
  message.text = data.value("text", "");
  for (const auto& choice : data.value("choices", Json::array())) {
    message.choices.push_back(Choice{choice.at("id").get<std::string>(), choice.at("label").get<std::string>()});
  }
  message.idempotency_key = data.value("idempotency_key", "");
  message.status_callback_url = data.value("status_callback_url", "");
  if (data.contains("last_inbound_ms")) message.last_inbound_ms = data["last_inbound_ms"].get<std::int64_t>();
  message.now_ms = data.value("now_ms", std::int64_t{0});
  return message;
}

void expect_request(const Json& expected, const ClientRequest& actual) {
  EXPECT_EQ(actual.method, expected.value("method", "POST"));
  EXPECT_EQ(actual.url, expected.at("url").get<std::string>());
  std::map<std::string, std::string> headers = header_map(headers_of(expected));
  EXPECT_EQ(header_map(actual.headers), headers);
  if (expected.contains("form")) {
    std::vector<std::pair<std::string, std::string>> fields;
    ASSERT_TRUE(form_decode(actual.body, fields)) << actual.body;
    Json decoded = Json::object();
    for (const auto& [name, value] : fields) decoded[name] = value;
    EXPECT_EQ(decoded, expected["form"]) << decoded.dump(2);
  }
  expect_body(expected, actual.body);
}

std::string provider_answer(const Json& response) {
  if (response.contains("json")) return response["json"].dump();
  return response.value("body", "");
}

std::string check_result(const Json& expected, const SendResult& actual) {
  EXPECT_EQ(to_string(actual.outcome), expected.at("outcome").get<std::string>()) << actual.error;
  EXPECT_EQ(actual.provider_message_id, expected.value("id", ""));
  EXPECT_EQ(actual.retry_after_ms, expected.value("retry_after_ms", std::int64_t{0}));
  if (expected.contains("error")) {
    EXPECT_NE(actual.error.find(expected["error"].get<std::string>()), std::string::npos) << actual.error;
  }
  return actual.error;
}

std::vector<std::string> run_send(const Adapter& adapter, const Json& data) {
  std::vector<std::string> texts;
  OutboundMessage message = message_of(data.value("message", Json::object()), adapter.channel_id());
  std::optional<SendResult> refusal = adapter.send_refusal(message);
  if (data.contains("refusal")) {
    EXPECT_TRUE(refusal.has_value()) << "expected the adapter to refuse the send";
    if (refusal) texts.push_back(check_result(data["refusal"], *refusal));
  } else {
    EXPECT_FALSE(refusal.has_value()) << (refusal ? refusal->error : "");
  }
  if (data.contains("request")) expect_request(data["request"], adapter.build_send(message));
  for (const auto& response : data.value("responses", Json::array())) {
    ClientResponse answer;
    answer.status = response.at("status").get<int>();
    answer.headers = headers_of(response);
    answer.body = provider_answer(response);
    texts.push_back(check_result(response.at("result"), adapter.read_send_response(answer)));
  }
  return texts;
}

// Builds the case's adapter (or checks it refuses to build) and runs body on it.
template <class Body>
void run_case(const CaseRef& ref, Body body) {
  ASSERT_TRUE(ref.load_error.empty()) << ref.load_error;
  LoadedCase loaded = load_case(ref);
  std::vector<std::string> texts;
  {
    LogCapture capture;
    if (loaded.data.contains("create_error")) {
      ASSERT_FALSE(loaded.adapter.ok()) << "expected the channel config to be refused";
      EXPECT_NE(loaded.adapter.error().find(loaded.data["create_error"].get<std::string>()), std::string::npos)
          << loaded.adapter.error();
      texts.push_back(loaded.adapter.error());
    } else {
      ASSERT_TRUE(loaded.adapter.ok()) << loaded.adapter.error();
      texts = body(loaded);
    }
    texts.insert(texts.end(), capture.lines().begin(), capture.lines().end());
  }
  expect_no_secrets(loaded.secret_values, texts);
}

} // namespace

TEST_P(IncomingCase, Runs) {
  const CaseRef& ref = GetParam();
  run_case(ref, [&](LoadedCase& loaded) {
    return run_webhook(**loaded.adapter, request_of(ref, loaded), loaded.data);
  });
}

TEST_P(OutgoingCase, Runs) {
  run_case(GetParam(), [](LoadedCase& loaded) { return run_send(**loaded.adapter, loaded.data); });
}

} // namespace stoop::adapters::table
