# The caremarket command as a static binary on a distroless base: the image
# the Kubernetes and Slurm examples of docs/scale-out.md run.
#
#   docker build -t caremarket:$(git rev-parse --short HEAD) .
#
# The build command below is the one scripts/docker-check runs (it reads
# the RUN CGO_ENABLED=0 go build line of this file) to check, without a
# Docker engine, that it gives a static binary that runs a scenario.
# Base images are pinned by tag; pin them by digest for a reproducible
# image (docker buildx imagetools inspect IMAGE:TAG gives it).

FROM golang:1.26.8-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -buildvcs=false -ldflags=-s -o /out/caremarket ./cmd/caremarket

# distroless/static: CA certificates, /etc/passwd and tzdata, no shell, no
# libc; :nonroot runs as uid 65532.
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/caremarket /usr/local/bin/caremarket
WORKDIR /work
ENTRYPOINT ["/usr/local/bin/caremarket"]
CMD ["help"]
