# claimwatch in a container: built on Debian 12 by the same script a developer machine uses
# (deploy/local/setup), run on debian:12-slim with only the shared libraries the binary needs.
#
#   docker build -t claimwatch .
#   docker run --rm claimwatch --help
#   docker compose -f deploy/compose.yaml up     (Kafka, topics, ingest, aggregate, Prometheus)
#
# .dockerignore keeps build/, .local/ and .git/ out of the context, so the build is clean.

FROM debian:12 AS build
WORKDIR /src
# The package step first, on its own layer: it is re-run only when setup's package list changes.
COPY deploy/local/setup deploy/local/setup
RUN deploy/local/setup --deps && rm -rf /var/lib/apt/lists/*
COPY . .
# Only the binary: the test and benchmark targets are for deploy/local/test, not the image.
RUN cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release \
 && cmake --build build --target claimwatch --parallel

FROM debian:12-slim
# The Debian 12 packages of every library build/claimwatch links (readelf -d: NEEDED); apt adds
# their own dependencies (rocksdb's compression libraries, civetweb for prometheus-cpp-pull).
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      librdkafka++1 librdkafka1 libsimdjson14 librocksdb7.8 \
      libprometheus-cpp-core1.0 libprometheus-cpp-pull1.0 libcivetweb1 \
      libabsl20220623 libspdlog1.10 libfmt9 libtomlplusplus3 libicu72 libxxhash0 \
      libcpp-httplib0.11 libssl3 ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --user-group --home-dir /var/lib/claimwatch --create-home \
      --shell /usr/sbin/nologin claimwatch
COPY --from=build /src/build/claimwatch /usr/local/bin/claimwatch
# Reference data (aliases, gazetteer, taxonomy) and the claim.v1 schema; claimwatch finds
# /usr/share/claimwatch/schemas/reference by itself.
COPY schemas /usr/share/claimwatch/schemas
# A default config for deploy/compose.yaml (broker kafka:19092, store under /var/lib/claimwatch);
# mount another file over it, or pass --config, elsewhere.
COPY deploy/config/claimwatch.compose.toml /etc/claimwatch/claimwatch.toml
USER claimwatch
WORKDIR /var/lib/claimwatch
VOLUME ["/var/lib/claimwatch"]
# 9464: ingest metrics; 8080: the aggregator's HTTP API and metrics.
EXPOSE 9464 8080
ENTRYPOINT ["claimwatch"]
CMD ["ingest", "--config", "/etc/claimwatch/claimwatch.toml"]
