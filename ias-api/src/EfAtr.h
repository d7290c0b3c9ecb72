#pragma once
// Internal: the card's identification files (facts §2): EF.ATR (SFI 1D), a TLV list whose 46 names the chip
// and whose E0 gives the buffer sizes every read and write is cut to, and EF.SN (SFI 1C), the serial in 5A.
// Card discovery and the fuzz targets call these.
#include "ias/apdu/Bytes.h"
#include "ias/api/CardModel.h"

namespace ias::api::detail {

struct EfAtrContent {
    Bytes preIssuing;     // 46
    BufferSizes buffers;  // E0; the defaults when absent
};

// EF.ATR as read: TLVs up to the end or the filling (00/FF). Throws ApiError(CardContent).
EfAtrContent parseEfAtr(ByteView efAtr);

// EF.SN as read: its first TLV must be a non-empty 5A; returns the value. Throws ApiError(CardContent).
Bytes parseEfSn(ByteView efSn);

}  // namespace ias::api::detail
