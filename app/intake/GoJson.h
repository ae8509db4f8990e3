// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>

#include <memory>
#include <variant>

namespace Intake {

// A JSON value rendered byte-for-byte as Go's encoding/json does (reference §1): objects keep the
// order they are built in (struct field order, or keys sorted by the caller for Go maps),
// `<`, `>`, `&`, U+2028 and U+2029 are escaped, and pretty output uses a two-space indent.
class GoJson
{
public:
    using Object = QList<QPair<QString, GoJson>>;
    using Array = QList<GoJson>;

    GoJson() = default; // null
    GoJson(bool b) : m_v(b) {}
    GoJson(int i) : m_v(qint64(i)) {}
    GoJson(qint64 i) : m_v(i) {}
    GoJson(const QString& s) : m_v(s) {}
    GoJson(const char* s) : m_v(QString::fromUtf8(s)) {}
    GoJson(Array a) : m_v(std::make_shared<Array>(std::move(a))) {}
    GoJson(Object o) : m_v(std::make_shared<Object>(std::move(o))) {}

    // Go's json.Encoder: compact, or SetIndent("", "  "); both end with "\n".
    QByteArray encode(bool pretty) const;

    static QByteArray quote(const QString& s); // a JSON string literal, Go-escaped

private:
    void write(QByteArray& out, bool pretty, int depth) const;

    std::variant<std::monostate, bool, qint64, QString, std::shared_ptr<Array>, std::shared_ptr<Object>> m_v;
};

} // namespace Intake
