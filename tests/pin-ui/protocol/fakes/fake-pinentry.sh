#!/bin/sh
# Stands in for ias-pinentry in the client's tests. Reads the request up to END, then behaves as
# $IAS_PINENTRY_TEST_FAKE says. The client passes IAS_PINENTRY_* variables through, nothing else of the test's.
[ -n "$IAS_PINENTRY_TEST_PIDFILE" ] && echo $$ > "$IAS_PINENTRY_TEST_PIDFILE"
argc=$#
while IFS= read -r line; do
    [ -n "$IAS_PINENTRY_TEST_REQUEST_FILE" ] && printf '%s\n' "$line" >> "$IAS_PINENTRY_TEST_REQUEST_FILE"
    [ "$line" = END ] && break
done
case "$IAS_PINENTRY_TEST_FAKE" in
    ok)        printf 'OK %s\n' "$IAS_PINENTRY_TEST_ANSWER" ;;
    okfile)    printf 'OK %s\n' "$(cat "$IAS_PINENTRY_TEST_ANSWER_FILE")" ;;
    raw)       printf '%s' "$IAS_PINENTRY_TEST_ANSWER" ;;
    cancel)    printf 'CANCEL\n' ;;
    error)     printf 'ERROR no display\n'; exit 3 ;;
    silent)    exit 4 ;;
    hang)      exec sleep 3600 ;;
    # Answers, then lingers: the client must not wait for ever for it to exit.
    linger)    printf 'OK %s\n' "$IAS_PINENTRY_TEST_ANSWER"; exec sleep 3600 ;;
    inspect)
        {
            echo "argc=$argc"
            env | sort
            if [ -n "$IAS_PINENTRY_TEST_FD" ] && [ -e /proc/$$/fd/$IAS_PINENTRY_TEST_FD ]; then echo "fd-leaked"; fi
        } > "$IAS_PINENTRY_TEST_REPORT"
        printf 'CANCEL\n' ;;
    pinpad)
        printf 'SHOWN\n'
        IFS= read -r close_line
        echo "closed:$close_line" > "$IAS_PINENTRY_TEST_REPORT" ;;
    *)         printf 'ERROR unknown fake\n'; exit 5 ;;
esac
exit 0
