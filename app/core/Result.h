// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#pragma once

#include <QString>

#include <optional>
#include <utility>
#include <variant>

namespace Core {

// An error a fallible core call returns: a stable code for programs, a translated message for the
// user, a technical detail for the log (never a secret), and an optional "how to fix it".
struct Error
{
    QString code;    // stable, e.g. "yaml.parse", "file.unreadable"
    QString message; // one sentence for the user (translated)
    QString detail;  // technical detail for the log / "details" expander
    QString fix;     // what the user can do about it (may be empty)

    QString toString() const
    {
        QString s = message;
        if (!detail.isEmpty())
            s += QStringLiteral(" (") + detail + QLatin1Char(')');
        if (!fix.isEmpty())
            s += QStringLiteral(" — ") + fix;
        return s;
    }
};

// A small expected-like type (C++23's std::expected is not in GCC 12's C++20 mode).
template <typename T>
class [[nodiscard]] Result
{
public:
    Result(T value) : m_data(std::in_place_index<0>, std::move(value)) {}
    Result(Error error) : m_data(std::in_place_index<1>, std::move(error)) {}

    bool ok() const { return m_data.index() == 0; }
    explicit operator bool() const { return ok(); }

    T& value() & { return std::get<0>(m_data); }
    const T& value() const& { return std::get<0>(m_data); }
    T&& value() && { return std::get<0>(std::move(m_data)); }
    T* operator->() { return &std::get<0>(m_data); }
    const T* operator->() const { return &std::get<0>(m_data); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }

    const Error& error() const { return std::get<1>(m_data); }

private:
    std::variant<T, Error> m_data;
};

template <>
class [[nodiscard]] Result<void>
{
public:
    Result() = default;
    Result(Error error) : m_error(std::move(error)) {}

    bool ok() const { return !m_error.has_value(); }
    explicit operator bool() const { return ok(); }
    const Error& error() const { return *m_error; }

private:
    std::optional<Error> m_error;
};

inline Error makeError(QString code, QString message, QString detail = {}, QString fix = {})
{
    return Error{std::move(code), std::move(message), std::move(detail), std::move(fix)};
}

} // namespace Core
