#include "core/http_types.hpp"

#include "core/text.hpp"

namespace stoop {
namespace {
std::string_view find_header(const std::vector<Header>& headers, std::string_view lower_name) {
  for (const auto& [name, value] : headers) {
    if (equals_ignore_case(name, lower_name)) return value;
  }
  return {};
}
} // namespace

std::string_view HttpRequest::header(std::string_view lower_name) const {
  return find_header(headers, lower_name);
}

std::string_view HttpRequest::path() const {
  std::string_view t = target;
  return t.substr(0, t.find('?'));
}

std::string_view HttpRequest::query() const {
  auto q = target.find('?');
  return q == std::string::npos ? std::string_view{} : std::string_view(target).substr(q + 1);
}

const std::vector<Header>* HttpRequest::form() const {
  if (!form_ || form_->body != body) {
    form_.emplace();
    form_->body = body;
    std::vector<Header> fields;
    if (form_decode(body, fields)) form_->fields = std::move(fields);
  }
  return form_->fields ? &*form_->fields : nullptr;
}

HttpResponse HttpResponse::text(int status, std::string body) {
  HttpResponse r;
  r.status = status;
  r.body = std::move(body);
  if (!r.body.empty() && r.body.back() != '\n') r.body += '\n';
  return r;
}

HttpResponse HttpResponse::json(int status, std::string body) {
  HttpResponse r;
  r.status = status;
  r.content_type = "application/json";
  r.body = std::move(body);
  return r;
}

std::string_view ClientResponse::header(std::string_view lower_name) const {
  return find_header(headers, lower_name);
}

} // namespace stoop
