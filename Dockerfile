# touchaudit in a small image: build with the Rust toolchain, ship only the binary on Debian slim.
#   docker build -t touchaudit .
#   docker run --rm -v "$PWD:/work" touchaudit run clients/acme/audit.toml --history history/acme
FROM rust:1-slim-bookworm AS build
WORKDIR /src
COPY Cargo.toml Cargo.lock ./
COPY src src
COPY templates templates
COPY checklists checklists
COPY examples examples
RUN cargo build --release --locked && strip target/release/touchaudit

FROM debian:bookworm-slim
# CA certificates for auditing sites over HTTPS; nothing else is needed at run time.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --create-home --uid 10001 auditor
COPY --from=build /src/target/release/touchaudit /usr/local/bin/touchaudit
USER 10001
WORKDIR /work
ENTRYPOINT ["touchaudit"]
CMD ["--help"]
