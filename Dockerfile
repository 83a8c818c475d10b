# claimwatch in a container: build on Debian 12 with the same script as a developer machine,
# run on debian:12-slim with only the runtime libraries.
FROM debian:12 AS build
WORKDIR /src
COPY deploy/local/setup deploy/local/setup
RUN apt-get update && deploy/local/setup --deps && rm -rf /var/lib/apt/lists/*
COPY . .
RUN cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release \
 && cmake --build build --target claimwatch --parallel

FROM debian:12-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      librdkafka++1 librdkafka1 libsimdjson14 librocksdb7.8 \
      libprometheus-cpp-core1.0 libprometheus-cpp-pull1.0 libcivetweb1 \
      libabsl20220623 libspdlog1.10 libfmt9 libicu72 ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --home-dir /var/lib/claimwatch --create-home claimwatch
COPY --from=build /src/build/claimwatch /usr/local/bin/claimwatch
COPY schemas /usr/share/claimwatch/schemas
USER claimwatch
WORKDIR /var/lib/claimwatch
EXPOSE 9464
ENTRYPOINT ["claimwatch"]
CMD ["ingest", "--config", "/etc/claimwatch/claimwatch.toml"]
