// Kafka's ConfigException text for a bad setting (ConfigDef.parseType), shared by the broker,
// producer and consumer settings: "Invalid value two for configuration min.insync.replicas: Not
// a number of type INT".
#pragma once

#include <string>
#include <string_view>

namespace kafka {

inline std::string InvalidConfigValue(std::string_view name, std::string_view value,
                                      std::string_view why) {
  return "Invalid value " + std::string(value) + " for configuration " + std::string(name) + ": " +
         std::string(why);
}

}  // namespace kafka
