#include "vcard/SecurityState.h"

namespace ias::vcard {

void SecurityState::reset(FileNode* mf) {
    *this = SecurityState{};
    currentDf = mf;
}

}  // namespace ias::vcard
