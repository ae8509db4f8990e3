// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#include "config/Document.h"

#include <QCoreApplication>
#include <QFileInfo>

namespace Config {

Document::Document(QObject* parent) : QObject(parent)
{
    newDocument();
}

QByteArray Document::secureDefaultText()
{
    // Loopback only, a secret token kept out of the file (APM Server resolves ${NAME} from its
    // keystore or the environment), RUM off, TLS 1.2+ once certificates are configured.
    return QByteArrayLiteral(
        "# apm-server.yml written by APM Gatekeeper.\n"
        "# Secrets are references: give APM Server the value with\n"
        "#   apm-server keystore add APM_SECRET_TOKEN\n"
        "# or an environment variable of that name.\n"
        "apm-server:\n"
        "  # Listen on loopback only until TLS is configured.\n"
        "  host: \"127.0.0.1:8200\"\n"
        "  auth:\n"
        "    secret_token: ${APM_SECRET_TOKEN}\n"
        "  rum:\n"
        "    enabled: false\n");
}

void Document::newDocument()
{
    auto parsed = ApmServerYaml::parse(secureDefaultText());
    Q_ASSERT(parsed.ok());
    m_savedText = secureDefaultText();
    const bool hadPath = !m_path.isEmpty();
    m_path.clear();
    replaceYaml(std::move(parsed).value());
    if (hadPath)
        emit pathChanged();
}

Core::Result<void> Document::open(const QString& path)
{
    auto loaded = ApmServerYaml::load(path);
    if (!loaded)
        return loaded.error();
    m_path = QFileInfo(path).absoluteFilePath();
    m_savedText = loaded->text();
    replaceYaml(std::move(loaded).value());
    emit pathChanged();
    return {};
}

Core::Result<void> Document::save()
{
    if (m_path.isEmpty())
        return Core::makeError(QStringLiteral("document.untitled"),
                               QCoreApplication::translate("Config::Document", "The document has no file name yet."),
                               {}, QCoreApplication::translate("Config::Document", "Use Save As."));
    return saveAs(m_path);
}

Core::Result<void> Document::saveAs(const QString& path)
{
    if (auto r = m_yaml.save(path); !r)
        return r;
    const QString abs = QFileInfo(path).absoluteFilePath();
    const bool pathChange = abs != m_path;
    m_path = abs;
    m_savedText = m_yaml.text();
    if (pathChange)
        emit pathChanged();
    recompute();
    return {};
}

Core::Result<void> Document::revert()
{
    if (m_path.isEmpty()) {
        newDocument();
        return {};
    }
    auto loaded = ApmServerYaml::load(m_path);
    if (!loaded)
        return loaded.error();
    m_savedText = loaded->text();
    replaceYaml(std::move(loaded).value());
    return {};
}

QString Document::displayName() const
{
    return m_path.isEmpty() ? QCoreApplication::translate("Config::Document", "Untitled")
                            : QFileInfo(m_path).fileName();
}

void Document::setProfile(Profile profile)
{
    if (profile == m_profile)
        return;
    m_profile = profile;
    recompute();
    emit profileChanged(profile);
}

Core::Result<void> Document::setValue(const QString& path, const YamlValue& value)
{
    ApmServerYaml copy = m_yaml;
    if (auto r = copy.set(path, value); !r)
        return r;
    replaceYaml(std::move(copy));
    return {};
}

Core::Result<void> Document::removeValue(const QString& path)
{
    ApmServerYaml copy = m_yaml;
    if (auto r = copy.remove(path); !r)
        return r;
    replaceYaml(std::move(copy));
    return {};
}

Core::Result<void> Document::applySettings(const ServerSettings& settings)
{
    ApmServerYaml copy = m_yaml;
    if (auto r = Config::applySettings(copy, m_read.settings, settings); !r)
        return r;
    replaceYaml(std::move(copy));
    return {};
}

Core::Result<void> Document::setText(const QByteArray& text)
{
    auto parsed = ApmServerYaml::parse(text, displayName());
    if (!parsed)
        return parsed.error();
    replaceYaml(std::move(parsed).value());
    return {};
}

void Document::replaceYaml(ApmServerYaml yaml)
{
    m_yaml = std::move(yaml);
    recompute();
}

void Document::recompute()
{
    m_read = readSettings(m_yaml);
    m_effective = derive(m_read.settings, m_profile);
    m_findings = ConfigLinter::lint(m_read, m_profile, &m_yaml);
    emit changed();
    const bool modified = isModified();
    if (modified != m_wasModified) {
        m_wasModified = modified;
        emit modifiedChanged(modified);
    }
}

} // namespace Config
