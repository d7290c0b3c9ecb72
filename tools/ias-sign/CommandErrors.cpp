// The commands' errors in one place, for ias-sign's main and for the window that runs the same commands.
#include "Commands.h"

namespace ias::sign {

tool::ErrorReport describeSignError(std::exception_ptr error) {
    try {
        std::rethrow_exception(error);
    } catch (const CmsError& e) {
        // A file that is not a usable signature, or a document that cannot be read.
        return {tool::Exit::InputOutput, e.what()};
    } catch (...) {
        return tool::describeError(std::current_exception());
    }
}

}  // namespace ias::sign
