#!/bin/bash
# What scripts rely on: ias-tool's exit codes (docs/ias-tool.md) for usage errors, no reader or card, unknown
# objects, unsupported operations, file errors; data on stdout and messages on stderr; readers, info and the
# raw APDU command (traced, with PIN data redacted).
. "$(dirname "$0")/toollib.sh"
BED=$(mktemp -d "${TMPDIR:-/tmp}/ias-tool-nobed.XXXXXX")
expect_out "--help lists the exit codes" "Exit codes" "$TOOL" --help
expect_exit 2 "no command" "$TOOL"
expect_exit 2 "an unknown command" "$TOOL" frobnicate
expect_exit 2 "an unknown option" "$TOOL" list --frob
expect_exit 2 "an option of another command" "$TOOL" info --key 01
expect_exit 2 "cert without --id" "$TOOL" cert
expect_exit 2 "an identifier that is not hex" "$TOOL" cert --id zz
expect_exit 2 "a missing option value" "$TOOL" cert --id
expect_exit 2 "an unknown pin action" "$TOOL" pin frob --pin-id 01
expect_exit 2 "a number that is not one" "$TOOL" generate --bits many
expect_exit 2 "an unknown mechanism" "$TOOL" sign --key 01 --mechanism md5-rsa --in /dev/null
expect_exit 2 "a PIN descriptor that is not open" "$TOOL" pin verify --pin-id 01 --pin-fd 77
expect_exit 2 "a malformed APDU" "$TOOL" apdu 00A4
expect_exit 3 "pcscd not reachable: no reader" env PCSCLITE_CSOCK_NAME="$BED/none.comm" "$TOOL" readers
expect_last "no reader" "the message says so"
rm -rf "$BED"

bed_up
cd "$BED" || exit 1
"$TOOL" readers > readers.out 2> readers.err
expect_out "readers: the card's reader with a card" $'^IAS Virtual PCD 00 00\tcard$' cat readers.out
expect_out "readers: the empty slot" $'^IAS Virtual PCD 00 01\tempty$' cat readers.out
[ ! -s readers.err ] && pass "nothing on stderr" || fail "stderr: $(cat readers.err)"
"$TOOL" info > info.out 2> info.err
expect_out "info: the ATR" "^atr: 3BDF18FF8191FE1FC30031B8640C01ECC173940180829000B3$" cat info.out
expect_out "info: the serial" "^serial: 9000000012345678$" cat info.out
expect_out "info: EF.ATR buffer sizes" "^buffer sizes: send 255, send under SM 231, receive 256, receive under SM 231$" cat info.out
expect_out "info: the token label" "^token label: IAS-ECC Test Card$" cat info.out
[ ! -s info.err ] && pass "nothing on stderr" || fail "stderr: $(cat info.err)"
expect_exit 3 "--reader naming the empty slot" "$TOOL" --reader "PCD 00 01" info
expect_last "no card in reader" "the message says so"
expect_exit 3 "--reader naming no reader" "$TOOL" --reader "No Such Reader" info
expect_exit 2 "--reader naming two readers" "$TOOL" --reader "IAS Virtual" info
expect "--reader with the full name" "$TOOL" --reader "IAS Virtual PCD 00 00" info

"$TOOL" apdu 00A4000C023F00 00B09C0000 0020000104 > apdu.out 2> apdu.err
rc=$?
[ $rc -eq 0 ] && pass "apdu: three APDUs (exit 0)" || fail "apdu exit $rc"
expect_out "apdu: SELECT MF answers 9000" "^9000$" head -1 apdu.out
expect_out "apdu: READ BINARY of EF.SN by SFI answers its content" "^5A089000000012345678 9000$" sed -n 2p apdu.out
expect_out "apdu: VERIFY without PIN data answers the tries left" "^63C3$" sed -n 3p apdu.out
expect_out "apdu: the trace is on stderr" "> 00 A4 00 0C" cat apdu.err
"$TOOL" apdu 002000010431323334 > verify.out 2> verify.err
grep -q 31323334 verify.err && fail "the PIN appears in the trace" || pass "the PIN of a VERIFY is not in the trace"
expect_out "but its answer is" "9000" cat verify.out

expect_exit 8 "cert of an unknown iD" "$TOOL" cert --id 09
expect_exit 8 "sign with an unknown key" "$TOOL" sign --key 09 --in /dev/null --no-pin
expect_exit 8 "pin status of an unknown PIN" "$TOOL" pin status --pin-id 07
expect_exit 9 "decipher with the signature key" "$TOOL" decipher --key 02 --in /dev/null --no-pin
expect_exit 10 "sign an input file that does not exist" "$TOOL" sign --key 01 --in /nonexistent --no-pin
expect_exit 10 "write a certificate where no file can be" "$TOOL" cert --id 01 --out /nonexistent/dir/cert.pem
expect_exit 10 "import a file that is no certificate" "$TOOL" import-cert --id 01 --in card.profile

expect "stop-card" "$testbed" stop-card "$BED"
expect_exit 3 "info with no card in any reader" "$TOOL" info
expect_last "no card" "the message says so"
expect_exit 3 "list with no card" "$TOOL" list
expect "start-card" "$testbed" start-card "$BED"
expect "info works again" "$TOOL" info
finish
