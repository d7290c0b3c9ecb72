// Every edit re-reads the text (JsonIndex) before it splices, so offsets are never stale; documents are
// small.
#include "PolicyEdit.h"

#include <optional>
#include <vector>

#include "JsonSpans.h"
#include "JsonSplice.h"

namespace ias::browsers {
namespace {

const std::string kPolicies = "policies";
const std::string kDevices = "policies/SecurityDevices";
const std::string kAdd = "policies/SecurityDevices/Add";
const std::string kDelete = "policies/SecurityDevices/Delete";

JsonIndex reindex(const std::string& text) {
    std::string error;
    std::optional<JsonIndex> index = indexJson(text, &error);
    if (!index) throw std::logic_error("an edit made the JSON invalid: " + error);  // a bug of the splicer
    return std::move(*index);
}

// The node at "policies/…" (each step the last member of that name), or nothing.
std::optional<std::size_t> find(const JsonIndex& index, const std::string& path) {
    std::size_t node = 0;
    std::size_t from = 0;
    while (from <= path.size()) {
        const std::size_t slash = path.find('/', from);
        const std::string step =
            path.substr(from, slash == std::string::npos ? std::string::npos : slash - from);
        const JsonNode& n = index.at(node);
        if (n.kind != JsonNode::Kind::Object) return std::nullopt;
        const int m = index.memberIndex(n, step);
        if (m < 0) return std::nullopt;
        node = n.members[static_cast<std::size_t>(m)].value;
        if (slash == std::string::npos) break;
        from = slash + 1;
    }
    return node;
}

std::string parentOf(const std::string& path) {
    const std::size_t slash = path.rfind('/');
    return slash == std::string::npos ? "" : path.substr(0, slash);
}
std::string lastStep(const std::string& path) {
    const std::size_t slash = path.rfind('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

// Makes sure the object at `path` exists, creating it (and the objects above it) with `value` inside.
// Returns true when it created something.
bool ensure(std::string& text, std::set<std::string>& created, const std::string& path, OrderedJson value) {
    JsonIndex index = reindex(text);
    if (find(index, path)) return false;
    std::string missing = path;
    std::vector<std::string> newOnes = {path};
    while (!parentOf(missing).empty() && !find(index, parentOf(missing))) {
        value = OrderedJson{{lastStep(missing), value}};
        missing = parentOf(missing);
        newOnes.push_back(missing);
    }
    const std::string parent = parentOf(missing);
    const std::size_t parentNode = parent.empty() ? 0 : *find(index, parent);
    insertMember(text, index, parentNode, lastStep(missing), value);
    created.insert(newOnes.begin(), newOnes.end());
    return true;
}

void eraseName(std::string& text, const std::string& name) {
    for (;;) {
        JsonIndex index = reindex(text);
        const std::optional<std::size_t> add = find(index, kAdd);
        if (!add) return;
        const int m = index.memberIndex(index.at(*add), name);
        if (m < 0) return;
        eraseMember(text, index, *add, static_cast<std::size_t>(m));
    }
}

void eraseFromDelete(std::string& text, const std::string& name) {
    for (;;) {
        JsonIndex index = reindex(text);
        const std::optional<std::size_t> del = find(index, kDelete);
        if (!del) return;
        const JsonNode& array = index.at(*del);
        std::optional<std::size_t> hit;
        for (std::size_t i = 0; i < array.elements.size(); ++i) {
            const JsonNode& e = index.at(array.elements[i]);
            if (e.kind == JsonNode::Kind::String && e.text == name) hit = i;
        }
        if (!hit) return;
        eraseElement(text, index, *del, *hit);
    }
}

}  // namespace

std::optional<PolicyText> PolicyText::parse(std::string text, std::string* problem) {
    std::optional<JsonIndex> index = indexJson(text, problem);
    if (!index) return std::nullopt;
    if (index->root().kind != JsonNode::Kind::Object) {
        *problem = "the document is not a JSON object";
        return std::nullopt;
    }
    for (const std::string& path : {kPolicies, kDevices, kAdd, kDelete}) {
        const std::optional<std::size_t> node = find(*index, path);
        const auto want = path == kDelete ? JsonNode::Kind::Array : JsonNode::Kind::Object;
        if (node && index->at(*node).kind != want) {
            *problem = path + " is not " + (want == JsonNode::Kind::Array ? "an array" : "an object");
            return std::nullopt;
        }
    }
    return PolicyText(std::move(text));
}

void PolicyText::add(const std::string& name, const std::string& path) {
    eraseFromDelete(text_, name);
    pruneCreated();
    if (ensure(text_, created, kAdd, OrderedJson{{name, path}})) return;
    JsonIndex index = reindex(text_);
    const std::size_t add = *find(index, kAdd);
    const int m = index.memberIndex(index.at(add), name);
    if (m < 0) {
        insertMember(text_, index, add, name, path);
        return;
    }
    const JsonNode& value = index.at(index.at(add).members[static_cast<std::size_t>(m)].value);
    if (value.kind != JsonNode::Kind::String || value.text != path)
        replaceValue(text_, index, index.at(add).members[static_cast<std::size_t>(m)].value, path);
}

void PolicyText::remove(const std::string& name) {
    eraseName(text_, name);
    pruneCreated();
    if (ensure(text_, created, kDelete, OrderedJson::array({name}))) return;
    JsonIndex index = reindex(text_);
    const std::size_t del = *find(index, kDelete);
    for (std::size_t e : index.at(del).elements)
        if (index.at(e).kind == JsonNode::Kind::String && index.at(e).text == name) return;
    appendElement(text_, index, del, name);
}

void PolicyText::purge(const std::string& name) {
    eraseName(text_, name);
    eraseFromDelete(text_, name);
    pruneCreated();
}

bool PolicyText::empty() const {
    return reindex(text_).root().members.empty();
}

// Deepest first, so that Add and Delete go before SecurityDevices, and SecurityDevices before policies.
void PolicyText::pruneCreated() {
    for (const std::string& path : {kAdd, kDelete, kDevices, kPolicies}) {
        if (created.count(path) == 0) continue;
        JsonIndex index = reindex(text_);
        const std::optional<std::size_t> node = find(index, path);
        if (!node) {
            created.erase(path);
            continue;
        }
        const JsonNode& n = index.at(*node);
        if (!n.members.empty() || !n.elements.empty()) continue;
        const std::size_t parent = parentOf(path).empty() ? 0 : *find(index, parentOf(path));
        eraseMember(text_, index, parent,
                    static_cast<std::size_t>(index.memberIndex(index.at(parent), lastStep(path))));
        created.erase(path);
    }
}

}  // namespace ias::browsers
