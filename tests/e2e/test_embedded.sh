#!/usr/bin/env bash
# `consentscan embedded FILE`: the real binary on the embedded-metadata fixtures (signals.md 9;
# tests/cases/embedded/files, made by make_fixtures.py): one JSON line, exit 0, also for
# garbage; a missing file or a bad command line is a one-line error and exit 3. No server.
source "$(dirname "$0")/lib.sh"
FILES="$E2E_DIR/../cases/embedded/files"

run() { # ARGS...: runs the binary, output in $T/out and $T/err, status in RC
    "$CONSENTSCAN" embedded "$@" >"$T/out" 2>"$T/err"
    RC=$?
}
q() { jq -c "$1" "$T/out"; }

run "$FILES/m1.jpg"
expect_eq "M1: exit" 0 "$RC"
expect_eq "M1: one line" 1 "$(wc -l <"$T/out")"
expect_eq "M1: code" '"DMI-PROHIBITED-AIMLTRAINING"' "$(q .xmp.code)"
expect_eq "M1: canonical" true "$(q .xmp.canonical)"
expect_eq "M1: no c2pa" null "$(q .c2pa)"
expect_eq "M1: stances" '["DISALLOW_FULL","DISALLOW_FULL","UNKNOWN"]' \
    "$(q '[.purposes.TRAIN_GENAI.stance, .purposes.TRAIN_ML.stance, .purposes.TDM.stance]')"

run "$FILES/m7.png"
expect_eq "M7: read" true "$(q .c2pa.read)"
expect_eq "M7: carrier" '"png-cabx"' "$(q .c2pa.carrier)"
expect_eq "M7: signed" '"unverified"' "$(q .c2pa.signed)"
expect_eq "M7: entry" '{"use":"constrained","effective":"notAllowed","constraint_info":"contact x","spelling":"constraint_info"}' \
    "$(q '.c2pa.entries["cawg.ai_training"]')"
expect_eq "M7: TRAIN_ML" '"DISALLOW_FULL"' "$(q .purposes.TRAIN_ML.stance)"

run "$FILES/m6.jpg"
expect_eq "M6: legacy label" '["c2pa.training-mining",true,"jpeg-app11"]' \
    "$(q '[.c2pa.label, .c2pa.legacy_label, .c2pa.carrier]')"
expect_eq "M6: TRAIN_GENAI" '"DISALLOW_FULL"' "$(q .purposes.TRAIN_GENAI.stance)"
run "$FILES/m9.jpg" --ignore-unverified-c2pa
expect_eq "M9: unverified left out" '"NO_SIGNAL"' "$(q .purposes.TRAIN_GENAI.stance)"
expect_eq "M9: still reported" '"DISALLOW_FULL"' "$(q .purposes.TRAIN_GENAI.c2pa)"
expect_match "M9: diagnostic" "unverified manifest left out" "$(q .diagnostics)"

run "$FILES/m10.jpg"
expect_eq "M10: combined" '["DISALLOW_FULL",true,"ALLOW_EXPLICIT","DISALLOW_FULL"]' \
    "$(q '.purposes.TRAIN_GENAI | [.stance, .conflict, .iptc, .c2pa]')"

run "$FILES/m12.pdf"
expect_eq "M12: tdm" '["1",1,"http://www.w3.org/ns/tdmrep/"]' \
    "$(q '[.xmp.tdm_reservation, .xmp.tdm_reserved, .xmp.tdm_namespace]')"
expect_eq "M12: TDM conflict" '["DISALLOW_FULL",true]' "$(q '.purposes.TDM | [.stance, .conflict]')"

run "$FILES/m6.jpg" --bytes 100
expect_eq "prefix: store cut" '[true,false,true]' "$(q '[.c2pa.present, .c2pa.read, .c2pa.truncated]')"
expect_match "prefix: noted" "only the first bytes" "$(q .diagnostics)"

run - <"$FILES/m11.c2pa"
expect_eq "standard input, M11 spelling" '"constraints_info"' "$(q '.c2pa.entries["cawg.ai_inference"].spelling')"

head -c 300000 /dev/urandom >"$T/garbage.bin"
run "$T/garbage.bin"
expect_eq "garbage: exit" 0 "$RC"
expect_eq "garbage: JSON" object "$(jq -r type "$T/out")"

run "$T/missing.jpg"
expect_eq "missing file: exit" 3 "$RC"
expect_eq "missing file: one-line error" 1 "$(wc -l <"$T/err")"
expect_eq "missing file: no output" 0 "$(wc -c <"$T/out")"
run
expect_eq "no file: exit" 3 "$RC"
run --bytes 0 "$FILES/m1.jpg"
expect_eq "--bytes 0: exit" 3 "$RC"
run --bogus "$FILES/m1.jpg"
expect_eq "unknown option: exit" 3 "$RC"
finish
