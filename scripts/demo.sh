#!/usr/bin/env bash
# A newcomer's first run: builds vanthu (installing what the build needs on
# Debian), copies the example workbooks into inbox/ (examples/ stays as it
# is) and runs one pass of the service over them. The documents land in
# outbox/; `vanthu status` then says what happened.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/bootstrap-debian.sh

echo "demo: building vanthu (the first build takes about 15 minutes on two cores)"
cargo build --release --locked
./target/release/vanthu run --demo
echo
./target/release/vanthu status
echo
echo "Văn bản nằm trong outbox/. Chạy ./target/release/vanthu watch để dịch vụ theo dõi inbox/ liên tục."
