// A small JSON value with a parser and a writer, for the JSON Kafka stores in ZooKeeper and
// prints in tools. Objects keep their keys in insertion order, so output matches Kafka's byte
// for byte where the order is known. Numbers are integers (Kafka's znodes hold no fractions).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace kafka::json {

class Value;
using Array = std::vector<Value>;
using Object = std::vector<std::pair<std::string, Value>>;

class Value {
 public:
  Value() = default;
  Value(std::nullptr_t) {}
  Value(bool b) : v_(b) {}
  Value(int v) : v_(int64_t{v}) {}
  Value(int64_t v) : v_(v) {}
  Value(const char* s) : v_(std::string(s)) {}
  Value(std::string s) : v_(std::move(s)) {}
  Value(Array a) : v_(std::move(a)) {}
  Value(Object o) : v_(std::move(o)) {}

  bool is_null() const { return std::holds_alternative<std::monostate>(v_); }
  const int64_t* as_int() const { return std::get_if<int64_t>(&v_); }
  const std::string* as_string() const { return std::get_if<std::string>(&v_); }
  const Array* as_array() const { return std::get_if<Array>(&v_); }
  const Object* as_object() const { return std::get_if<Object>(&v_); }
  const bool* as_bool() const { return std::get_if<bool>(&v_); }
  // The member named `key` of an object, or nullptr.
  const Value* Get(std::string_view key) const;

  bool operator==(const Value&) const = default;

 private:
  std::variant<std::monostate, bool, int64_t, std::string, Array, Object> v_;
};

// Compact JSON, as Kafka's Json.encodeAsString writes it.
std::string Dump(const Value& v);
// Parses JSON text; on failure returns nothing and says why in *error.
std::optional<Value> Parse(std::string_view text, std::string* error = nullptr);

}  // namespace kafka::json
