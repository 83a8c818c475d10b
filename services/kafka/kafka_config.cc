#include "services/kafka/kafka_config.h"

namespace claimwatch::kafka {

Result<std::unique_ptr<RdKafka::Conf>> BuildConf(const Properties& properties) {
  std::unique_ptr<RdKafka::Conf> conf(RdKafka::Conf::create(RdKafka::Conf::CONF_GLOBAL));
  std::string error;
  for (const auto& [name, value] : properties) {
    if (conf->set(name, value, error) != RdKafka::Conf::CONF_OK) {
      return FailedPrecondition(StrCat("kafka property ", name, ": ", error));
    }
  }
  return conf;
}

}  // namespace claimwatch::kafka
