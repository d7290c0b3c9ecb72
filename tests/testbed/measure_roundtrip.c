/* Median SCardTransmit round trip to the card of the test bed (PCSCLITE_CSOCK_NAME picks the pcscd).
 * usage: measure_roundtrip [ITERATIONS=1000] [READER-SUBSTRING="IAS Virtual PCD"]
 * Sends SELECT MF (00 A4 00 0C 02 3F 00), which every IAS-ECC card answers 9000 without data, and prints
 * the median, 90th percentile and maximum in microseconds. Exit 1 on any PC/SC error. */
#include <PCSC/winscard.h>
#include <PCSC/wintypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now_us(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e6 + t.tv_nsec / 1e3;
}

static int by_value(const void *a, const void *b) {
    const double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv) {
    const int n = argc > 1 ? atoi(argv[1]) : 1000;
    const char *want = argc > 2 ? argv[2] : "IAS Virtual PCD";
    if (n <= 0) return 2;
    SCARDCONTEXT ctx;
    SCARDHANDLE card;
    DWORD proto, len;
    LONG rv = SCardEstablishContext(SCARD_SCOPE_SYSTEM, NULL, NULL, &ctx);
    if (rv != SCARD_S_SUCCESS) {
        fprintf(stderr, "SCardEstablishContext: %s\n", pcsc_stringify_error(rv));
        return 1;
    }
    char readers[4096];
    len = sizeof readers;
    rv = SCardListReaders(ctx, NULL, readers, &len);
    if (rv != SCARD_S_SUCCESS) {
        fprintf(stderr, "SCardListReaders: %s\n", pcsc_stringify_error(rv));
        return 1;
    }
    /* the first matching reader that has a card */
    const char *reader = NULL;
    for (char *r = readers; *r; r += strlen(r) + 1) {
        if (!strstr(r, want)) continue;
        if (SCardConnect(ctx, r, SCARD_SHARE_SHARED, SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1, &card, &proto) ==
            SCARD_S_SUCCESS) {
            reader = r;
            break;
        }
    }
    if (!reader) {
        fprintf(stderr, "no card in a reader matching '%s'\n", want);
        return 1;
    }
    const SCARD_IO_REQUEST *pci = proto == SCARD_PROTOCOL_T0 ? SCARD_PCI_T0 : SCARD_PCI_T1;
    const unsigned char apdu[] = {0x00, 0xA4, 0x00, 0x0C, 0x02, 0x3F, 0x00};
    unsigned char resp[258];
    double *t = malloc(sizeof(double) * (size_t)n);
    if (!t) return 1;
    for (int i = 0; i < n; i++) {
        DWORD rlen = sizeof resp;
        const double a = now_us();
        rv = SCardTransmit(card, pci, apdu, sizeof apdu, NULL, resp, &rlen);
        t[i] = now_us() - a;
        if (rv != SCARD_S_SUCCESS) {
            fprintf(stderr, "SCardTransmit #%d: %s\n", i, pcsc_stringify_error(rv));
            return 1;
        }
        if (rlen < 2 || resp[rlen - 2] != 0x90 || resp[rlen - 1] != 0x00) {
            fprintf(stderr, "SELECT MF answered %02X%02X\n", rlen >= 2 ? resp[rlen - 2] : 0,
                    rlen >= 2 ? resp[rlen - 1] : 0);
            return 1;
        }
    }
    qsort(t, (size_t)n, sizeof(double), by_value);
    printf("reader='%s' apdus=%d median_us=%.1f p90_us=%.1f max_us=%.1f\n", reader, n, t[n / 2], t[(n * 9) / 10],
           t[n - 1]);
    free(t);
    SCardDisconnect(card, SCARD_LEAVE_CARD);
    SCardReleaseContext(ctx);
    return 0;
}
