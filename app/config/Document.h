// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#pragma once

#include "config/ApmServerYaml.h"
#include "config/ConfigLinter.h"
#include "config/EffectiveSettings.h"
#include "config/Profile.h"
#include "config/SettingsIo.h"

#include <QObject>

namespace Config {

// The one document the user edits: an apm-server.yml (from disk or new), its emulation profile,
// and everything derived from it. Panels edit it; the stub, the probe and the views listen to
// changed(). Never touches the disk except in open()/save()/saveAs()/revert().
class Document : public QObject
{
    Q_OBJECT

public:
    explicit Document(QObject* parent = nullptr);

    // The text of a new document with secure defaults (loopback, secret token by reference).
    static QByteArray secureDefaultText();

    void newDocument();
    Core::Result<void> open(const QString& path);
    Core::Result<void> save();                     // to path(); error if untitled
    Core::Result<void> saveAs(const QString& path);
    Core::Result<void> revert();                   // reload from disk (or the new-document text)

    QString path() const { return m_path; }        // empty for an untitled document
    QString displayName() const;                   // file name or "Untitled"
    bool isModified() const { return m_yaml.text() != m_savedText; }

    Profile profile() const { return m_profile; }
    void setProfile(Profile profile);

    const ApmServerYaml& yaml() const { return m_yaml; }
    QByteArray savedText() const { return m_savedText; }
    const SettingsReadResult& read() const { return m_read; }
    const ServerSettings& settings() const { return m_read.settings; }
    const EffectiveSettings& effective() const { return m_effective; }
    const QList<Finding>& findings() const { return m_findings; }

    // Edits (lossless; see ApmServerYaml::set/remove). Emit changed() on success.
    Core::Result<void> setValue(const QString& path, const YamlValue& value);
    Core::Result<void> removeValue(const QString& path);
    Core::Result<void> applySettings(const ServerSettings& settings);
    // Replaces the whole text (the YAML editor); refused with a line/column message if malformed.
    Core::Result<void> setText(const QByteArray& text);

signals:
    void changed();          // text, settings, effective values or findings changed
    void pathChanged();
    void modifiedChanged(bool modified);
    void profileChanged(Config::Profile profile);

private:
    void replaceYaml(ApmServerYaml yaml);
    void recompute();

    QString m_path;
    QByteArray m_savedText;
    ApmServerYaml m_yaml;
    Profile m_profile = Profile::V7_15;
    SettingsReadResult m_read;
    EffectiveSettings m_effective;
    QList<Finding> m_findings;
    bool m_wasModified = false;
};

} // namespace Config
