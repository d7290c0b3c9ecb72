#include <cstdio>
#include <sstream>

#include "Render.h"

namespace ias::diag {

namespace {

// The length of the valid UTF-8 sequence at text[i], or 0 (card labels and module strings are not checked).
std::size_t utf8Length(const std::string& text, std::size_t i) {
    const auto c = static_cast<unsigned char>(text[i]);
    const std::size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (n == 0 || i + n > text.size()) return 0;
    for (std::size_t k = 1; k < n; ++k)
        if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) return 0;
    return n;
}

}  // namespace

std::string jsonString(const std::string& text) {
    std::string out = "\"";
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char ch = text[i];
        const auto c = static_cast<unsigned char>(ch);
        if (c >= 0x80) {
            const std::size_t n = utf8Length(text, i);
            if (n == 0) {
                out += "\\ufffd";
            } else {
                out.append(text, i, n);
                i += n - 1;
            }
            continue;
        }
        switch (c) {
            case '"':
                out += "\\\"";
                break;
            case '\\':
                out += "\\\\";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\t':
                out += "\\t";
                break;
            case '\r':
                out += "\\r";
                break;
            default:
                if (c < 0x20 || c == 0x7F) {
                    char esc[8];
                    std::snprintf(esc, sizeof esc, "\\u%04x", c);
                    out += esc;
                } else {
                    out += ch;
                }
        }
    }
    return out + "\"";
}

std::string renderJson(const Report& report) {
    std::ostringstream out;
    out << "{\n  \"schema\": 1,\n  \"tool\": \"ias-diag\",\n  \"version\": " << jsonString(report.version)
        << ",\n  \"generated\": " << jsonString(report.generated)
        << ",\n  \"anonymised\": " << (report.anonymised ? "true" : "false") << ",\n  \"checks\": [";
    for (std::size_t i = 0; i < report.checks.size(); ++i) {
        const CheckResult& c = report.checks[i];
        out << (i ? "," : "") << "\n    {\"id\": " << jsonString(c.id)
            << ", \"title\": " << jsonString(c.title) << ", \"status\": " << jsonString(toString(c.status))
            << ",\n     \"finding\": " << jsonString(c.finding)
            << ",\n     \"advice\": " << jsonString(c.advice) << ",\n     \"details\": [";
        for (std::size_t j = 0; j < c.details.size(); ++j) {
            const Detail& d = c.details[j];
            out << (j ? "," : "") << "\n       {\"kind\": " << jsonString(d.kind);
            for (const auto& [name, value] : d.fields)
                out << ", " << jsonString(name) << ": " << jsonString(value);
            out << "}";
        }
        out << (c.details.empty() ? "]}" : "\n     ]}");
    }
    out << "\n  ],\n  \"summary\": {\"ok\": " << report.count(Status::Ok)
        << ", \"warn\": " << report.count(Status::Warn) << ", \"fail\": " << report.count(Status::Fail)
        << ", \"skip\": " << report.count(Status::Skip) << ", \"exit\": " << report.exitCode() << "}\n}\n";
    return out.str();
}

}  // namespace ias::diag
