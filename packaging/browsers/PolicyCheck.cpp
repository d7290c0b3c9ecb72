// The check before every write, by nlohmann's DOM parser: the splice is trusted only when the parsed result
// equals the parsed original everywhere but our entry.
#include <nlohmann/json.hpp>

#include "PolicyEdit.h"

namespace ias::browsers {
namespace {

using OrderedJson = nlohmann::ordered_json;

OrderedJson* child(OrderedJson& object, const char* key) {
    if (!object.is_object()) return nullptr;
    auto it = object.find(key);
    return it == object.end() ? nullptr : &*it;
}

// The document without our name in Add and Delete, and without the containers that leaves empty.
OrderedJson withoutUs(OrderedJson doc, const std::string& name) {
    OrderedJson* policies = child(doc, "policies");
    OrderedJson* devices = policies ? child(*policies, "SecurityDevices") : nullptr;
    if (devices == nullptr) return doc;
    if (OrderedJson* add = child(*devices, "Add"); add && add->is_object()) {
        add->erase(name);
        if (add->empty()) devices->erase("Add");
    }
    if (OrderedJson* del = child(*devices, "Delete"); del && del->is_array()) {
        OrderedJson kept = OrderedJson::array();
        for (const OrderedJson& e : *del)
            if (!(e.is_string() && e.get<std::string>() == name)) kept.push_back(e);
        if (kept.empty())
            devices->erase("Delete");
        else
            *del = kept;
    }
    if (devices->empty()) policies->erase("SecurityDevices");
    if (policies->empty()) doc.erase("policies");
    return doc;
}

}  // namespace

bool keepsEverythingElse(const std::string& before, const std::string& after, const std::string& action,
                         const std::string& name, const std::string& path, std::string* why) {
    const OrderedJson old = OrderedJson::parse(before, nullptr, false);
    const OrderedJson now = OrderedJson::parse(after, nullptr, false);
    if (old.is_discarded() || now.is_discarded()) {
        *why = "the result is not valid JSON";
        return false;
    }
    if (withoutUs(old, name) != withoutUs(now, name)) {
        *why = "the result would change another policy";
        return false;
    }
    const OrderedJson devices =
        now.value("policies", OrderedJson::object()).value("SecurityDevices", OrderedJson::object());
    const OrderedJson add = devices.value("Add", OrderedJson::object());
    const OrderedJson del = devices.value("Delete", OrderedJson::array());
    const bool added = add.contains(name) && add[name] == path;
    const bool inAdd = add.contains(name);
    const bool deleted = std::find(del.begin(), del.end(), OrderedJson(name)) != del.end();
    const bool promised = action == "add"      ? added && !deleted
                          : action == "remove" ? !inAdd && deleted
                                               : !inAdd && !deleted;
    if (!promised) *why = "our entry is not as " + action + " should leave it";
    return promised;
}

}  // namespace ias::browsers
