// See json.h.
#include "model/common/json.h"

#include "sim/json_string.h"

namespace kafka::json {

const Value* Value::Get(std::string_view key) const {
  const Object* o = as_object();
  if (!o) return nullptr;
  for (const auto& [k, v] : *o) {
    if (k == key) return &v;
  }
  return nullptr;
}

namespace {

void DumpTo(const Value& v, std::string& out) {
  if (v.is_null()) {
    out += "null";
  } else if (const bool* b = v.as_bool()) {
    out += *b ? "true" : "false";
  } else if (const int64_t* i = v.as_int()) {
    out += std::to_string(*i);
  } else if (const std::string* s = v.as_string()) {
    sim::AppendJsonString(out, *s);
  } else if (const Array* a = v.as_array()) {
    out.push_back('[');
    for (size_t k = 0; k < a->size(); ++k) {
      if (k) out.push_back(',');
      DumpTo((*a)[k], out);
    }
    out.push_back(']');
  } else if (const Object* o = v.as_object()) {
    out.push_back('{');
    for (size_t k = 0; k < o->size(); ++k) {
      if (k) out.push_back(',');
      sim::AppendJsonString(out, (*o)[k].first);
      out.push_back(':');
      DumpTo((*o)[k].second, out);
    }
    out.push_back('}');
  }
}

class Parser {
 public:
  explicit Parser(std::string_view text) : s_(text) {}
  std::optional<Value> Run(std::string* error) {
    std::optional<Value> v = ParseValue();
    SkipSpace();
    if (v && i_ != s_.size()) Fail("unexpected text after the value");
    if (!error_.empty()) {
      if (error) *error = error_ + " at offset " + std::to_string(i_);
      return std::nullopt;
    }
    return v;
  }

 private:
  void Fail(const std::string& why) {
    if (error_.empty()) error_ = why;
  }
  void SkipSpace() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\n' || s_[i_] == '\t' || s_[i_] == '\r'))
      ++i_;
  }
  bool Eat(char c) {
    SkipSpace();
    if (i_ < s_.size() && s_[i_] == c) {
      ++i_;
      return true;
    }
    return false;
  }
  bool Word(std::string_view w) {
    if (s_.substr(i_, w.size()) != w) return false;
    i_ += w.size();
    return true;
  }
  std::optional<std::string> ParseString() {
    if (!Eat('"')) {
      Fail("expected a string");
      return std::nullopt;
    }
    std::string out;
    while (i_ < s_.size() && s_[i_] != '"') {
      char c = s_[i_++];
      if (c == '\\') {
        if (i_ >= s_.size()) break;
        const char e = s_[i_++];
        switch (e) {
          case 'n':
            out.push_back('\n');
            break;
          case 't':
            out.push_back('\t');
            break;
          case 'r':
            out.push_back('\r');
            break;
          case 'b':
            out.push_back('\b');
            break;
          case 'f':
            out.push_back('\f');
            break;
          case 'u': {
            if (i_ + 4 > s_.size()) {
              Fail("a short \\u escape");
              return std::nullopt;
            }
            unsigned code = 0;
            for (int k = 0; k < 4; ++k) {
              const char h = s_[i_++];
              const int d = h >= '0' && h <= '9'   ? h - '0'
                            : h >= 'a' && h <= 'f' ? h - 'a' + 10
                            : h >= 'A' && h <= 'F' ? h - 'A' + 10
                                                   : -1;
              if (d < 0) {
                Fail("a bad \\u escape");
                return std::nullopt;
              }
              code = code * 16 + static_cast<unsigned>(d);
            }
            if (code < 0x80) {
              out.push_back(static_cast<char>(code));
            } else if (code < 0x800) {
              out.push_back(static_cast<char>(0xc0 | (code >> 6)));
              out.push_back(static_cast<char>(0x80 | (code & 0x3f)));
            } else {
              out.push_back(static_cast<char>(0xe0 | (code >> 12)));
              out.push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3f)));
              out.push_back(static_cast<char>(0x80 | (code & 0x3f)));
            }
            break;
          }
          default:
            out.push_back(e);
        }
      } else {
        out.push_back(c);
      }
    }
    if (i_ >= s_.size()) {
      Fail("an unterminated string");
      return std::nullopt;
    }
    ++i_;
    return out;
  }
  std::optional<Value> ParseValue() {
    if (++depth_ > 64) {
      Fail("nesting deeper than 64");
      return std::nullopt;
    }
    SkipSpace();
    std::optional<Value> out;
    if (i_ >= s_.size()) {
      Fail("expected a value");
    } else if (s_[i_] == '{') {
      ++i_;
      Object o;
      if (!Eat('}')) {
        do {
          std::optional<std::string> k = ParseString();
          if (!k || !Eat(':')) {
            Fail("expected \"key\": value");
            break;
          }
          std::optional<Value> v = ParseValue();
          if (!v) break;
          o.emplace_back(std::move(*k), std::move(*v));
        } while (Eat(','));
        if (error_.empty() && !Eat('}')) Fail("expected , or }");
      }
      if (error_.empty()) out = Value(std::move(o));
    } else if (s_[i_] == '[') {
      ++i_;
      Array a;
      if (!Eat(']')) {
        do {
          std::optional<Value> v = ParseValue();
          if (!v) break;
          a.push_back(std::move(*v));
        } while (Eat(','));
        if (error_.empty() && !Eat(']')) Fail("expected , or ]");
      }
      if (error_.empty()) out = Value(std::move(a));
    } else if (s_[i_] == '"') {
      if (auto str = ParseString()) out = Value(std::move(*str));
    } else if (Word("true")) {
      out = Value(true);
    } else if (Word("false")) {
      out = Value(false);
    } else if (Word("null")) {
      out = Value(nullptr);
    } else if (s_[i_] == '-' || (s_[i_] >= '0' && s_[i_] <= '9')) {
      const bool negative = s_[i_] == '-';
      if (negative) ++i_;
      int64_t n = 0;
      bool any = false;
      while (i_ < s_.size() && s_[i_] >= '0' && s_[i_] <= '9') {
        if (n > (INT64_MAX - 9) / 10) {
          Fail("a number too large");
          break;
        }
        n = n * 10 + (s_[i_++] - '0');
        any = true;
      }
      if (!any) Fail("expected digits");
      if (error_.empty()) out = Value(negative ? -n : n);
    } else {
      Fail("unexpected character");
    }
    --depth_;
    return error_.empty() ? out : std::nullopt;
  }

  std::string_view s_;
  size_t i_ = 0;
  int depth_ = 0;
  std::string error_;
};

}  // namespace

std::string Dump(const Value& v) {
  std::string out;
  DumpTo(v, out);
  return out;
}

std::optional<Value> Parse(std::string_view text, std::string* error) {
  return Parser(text).Run(error);
}

}  // namespace kafka::json
