#include "JsonSplice.h"

#include <cctype>

namespace ias::browsers {
namespace {

// The blanks at the start of the line that holds `pos`.
std::string lineIndent(const std::string& text, std::size_t pos) {
    const std::size_t lineStart = text.rfind('\n', pos == 0 ? 0 : pos - 1);
    std::size_t i = lineStart == std::string::npos ? 0 : lineStart + 1;
    std::string indent;
    while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) indent += text[i++];
    return indent;
}

// The document's indentation step: how far the root's first member is indented ("  " when nothing says).
std::string indentUnit(const std::string& text, const JsonIndex& index) {
    const JsonNode& root = index.root();
    if (!root.members.empty()) {
        const std::string lead = text.substr(root.start + 1, root.members.front().keyStart - root.start - 1);
        const std::size_t nl = lead.rfind('\n');
        if (nl != std::string::npos && nl + 1 < lead.size()) return lead.substr(nl + 1);
    }
    return "  ";
}

// A document written on one line gets its insertions on one line.
bool multiline(const std::string& text, const JsonIndex& index) {
    const JsonNode& root = index.root();
    if (root.members.empty()) return true;
    return text.substr(root.start, root.members.front().keyStart - root.start).find('\n') !=
           std::string::npos;
}

// One line, with a space after ':' and ',' when the document puts one after its colons.
std::string oneLine(const OrderedJson& value, bool spaced) {
    if (!spaced) return value.dump();
    const std::string dumped = value.dump(0);  // one member a line, no indentation: raw newlines only there
    std::string out;
    for (std::size_t i = 0; i < dumped.size(); ++i) {
        if (dumped[i] != '\n')
            out += dumped[i];
        else if (i > 0 && dumped[i - 1] == ',')
            out += ' ';
    }
    return out;
}

// Whether the document puts a space after its colons (its root's first member says).
bool spacedColons(const std::string& text, const JsonIndex& index) {
    const JsonNode& root = index.root();
    if (root.members.empty()) return true;
    const JsonNode::Member& m = root.members.front();
    const std::size_t valueStart = index.at(m.value).start;
    return valueStart > m.keyEnd && std::isspace(static_cast<unsigned char>(text[valueStart - 1]));
}

std::string render(const OrderedJson& value, bool lines, const std::string& indent, const std::string& unit,
                   bool spaced) {
    if (!lines) return oneLine(value, spaced);
    if (!value.is_structured() || value.empty()) return value.dump();
    const std::string dumped = value.dump(static_cast<int>(unit.size()), unit.front());
    std::string out;
    for (char c : dumped) {
        out += c;
        if (c == '\n') out += indent;
    }
    return out;
}

// Inserted text ends its lines as the document does (CRLF files stay CRLF).
std::string withLineEnds(const std::string& inserted, const std::string& text) {
    if (text.find("\r\n") == std::string::npos) return inserted;
    std::string out;
    for (std::size_t i = 0; i < inserted.size(); ++i) {
        if (inserted[i] == '\n' && (i == 0 || inserted[i - 1] != '\r')) out += '\r';
        out += inserted[i];
    }
    return out;
}

}  // namespace

void insertMember(std::string& text, const JsonIndex& index, std::size_t object, const std::string& key,
                  const OrderedJson& value) {
    const JsonNode& o = index.at(object);
    const std::string keyText = OrderedJson(key).dump();
    const std::string unit = indentUnit(text, index);
    const bool lines = multiline(text, index);
    const bool spaced = spacedColons(text, index);
    if (o.members.empty()) {
        const std::string outer = lineIndent(text, o.start);
        const std::string inner = lines ? "\n" + outer + unit + keyText + ": " +
                                              render(value, true, outer + unit, unit, spaced) + "\n" + outer
                                        : keyText + (spaced ? ": " : ":") + oneLine(value, spaced);
        text.replace(o.start + 1, o.end - 1 - (o.start + 1), withLineEnds(inner, text));
        return;
    }
    const JsonNode::Member& first = o.members.front();
    const JsonNode::Member& last = o.members.back();
    const std::string lead = text.substr(o.start + 1, first.keyStart - o.start - 1);
    const std::string colon = text.substr(first.keyEnd, index.at(first.value).start - first.keyEnd);
    std::string between = "," + (lead.empty() && spaced ? " " : lead);
    if (o.members.size() >= 2) {
        const std::size_t prevEnd = index.at(o.members[o.members.size() - 2].value).end;
        between = text.substr(prevEnd, last.keyStart - prevEnd);
    }
    const std::size_t nl = lead.rfind('\n');
    const std::string indent = nl == std::string::npos ? "" : lead.substr(nl + 1);
    const std::string inserted =
        between + keyText + colon + render(value, lines && nl != std::string::npos, indent, unit, spaced);
    text.insert(index.at(last.value).end, withLineEnds(inserted, text));
}

void eraseMember(std::string& text, const JsonIndex& index, std::size_t object, std::size_t member) {
    const JsonNode& o = index.at(object);
    const std::size_t valueEnd = index.at(o.members[member].value).end;
    if (o.members.size() == 1)
        text.erase(o.start + 1, o.end - 1 - (o.start + 1));
    else if (member > 0) {
        const std::size_t prevEnd = index.at(o.members[member - 1].value).end;
        text.erase(prevEnd, valueEnd - prevEnd);
    } else
        text.erase(o.members[0].keyStart, o.members[1].keyStart - o.members[0].keyStart);
}

void replaceValue(std::string& text, const JsonIndex& index, std::size_t node, const OrderedJson& value) {
    const JsonNode& n = index.at(node);
    text.replace(n.start, n.end - n.start, value.dump());
}

void appendElement(std::string& text, const JsonIndex& index, std::size_t array, const OrderedJson& value) {
    const JsonNode& a = index.at(array);
    if (a.elements.empty()) {
        text.replace(a.start + 1, a.end - 1 - (a.start + 1), value.dump());
        return;
    }
    const std::size_t n = a.elements.size();
    const JsonNode& last = index.at(a.elements[n - 1]);
    std::string between;
    if (n >= 2) {
        const std::size_t prevEnd = index.at(a.elements[n - 2]).end;
        between = text.substr(prevEnd, last.start - prevEnd);
    } else {
        const std::string lead = text.substr(a.start + 1, last.start - a.start - 1);
        between = "," + (lead.empty() && spacedColons(text, index) ? " " : lead);
    }
    text.insert(last.end, between + value.dump());
}

void eraseElement(std::string& text, const JsonIndex& index, std::size_t array, std::size_t element) {
    const JsonNode& a = index.at(array);
    const std::size_t end = index.at(a.elements[element]).end;
    if (a.elements.size() == 1)
        text.erase(a.start + 1, a.end - 1 - (a.start + 1));
    else if (element > 0) {
        const std::size_t prevEnd = index.at(a.elements[element - 1]).end;
        text.erase(prevEnd, end - prevEnd);
    } else {
        const std::size_t start = index.at(a.elements[0]).start;
        text.erase(start, index.at(a.elements[1]).start - start);
    }
}

}  // namespace ias::browsers
