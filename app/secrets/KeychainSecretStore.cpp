// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#include "secrets/KeychainSecretStore.h"

#include "config/SecretReference.h"
#include "core/Logging.h"

#include <QCoreApplication>
#include <QTimer>

#include <qt6keychain/keychain.h>

namespace Secrets {

struct KeychainSecretStore::Operation
{
    enum class Kind { Read, Write, Remove };
    Kind kind = Kind::Read;
    QString name;
    std::shared_ptr<ApiKeys::Secret> value; // Write only
    ReadCallback readDone;
    DoneCallback done;
    int attempt = 0;

    void fail(const Core::Error& e) const
    {
        if (readDone)
            readDone(e);
        else if (done)
            done(e);
    }
};

namespace {

Core::Error unavailable(const QString& message, const QString& detail, const QString& fix)
{
    return Core::makeError(QLatin1String(kErrorUnavailable), message, detail, fix);
}

// The one place QtKeychain's errors become ours. "No secure store" covers a missing Secret Service,
// a locked keyring and a refused access: the user's way forward is the same (make one available or
// unlock it); the app never stores the secret elsewhere instead.
Core::Error translateError(QKeychain::Error error, const QString& detail, const QString& name)
{
    switch (error) {
    case QKeychain::EntryNotFound:
        return Core::makeError(
            QLatin1String(kErrorNotFound),
            QCoreApplication::translate("Secrets", "No secret named %1 is in the keychain.").arg(name));
    case QKeychain::AccessDenied:
    case QKeychain::AccessDeniedByUser:
        return unavailable(
            QCoreApplication::translate("Secrets",
                                        "No secure store is available: the keychain is locked or refused access."),
            detail,
            QCoreApplication::translate(
                "Secrets", "Unlock the login keyring (for example in \"Passwords and Keys\") and try again. "
                           "Secrets are never written to a file instead."));
    case QKeychain::NoBackendAvailable:
    case QKeychain::NotImplemented:
    case QKeychain::OtherError:
        return unavailable(
            QCoreApplication::translate("Secrets", "No secure store is available: no Secret Service answered."), detail,
            QCoreApplication::translate(
                "Secrets", "Start a Secret Service provider (gnome-keyring or KWallet) in your desktop session, "
                           "or give APM Server and the agents the value through an environment variable. "
                           "Secrets are never written to a file instead."));
    case QKeychain::CouldNotDeleteEntry:
        return Core::makeError(QLatin1String(kErrorFailed),
                               QCoreApplication::translate("Secrets", "The keychain could not delete %1.").arg(name),
                               detail);
    case QKeychain::NoError:
        break;
    }
    return Core::makeError(QLatin1String(kErrorFailed),
                           QCoreApplication::translate("Secrets", "The keychain reported an error."), detail);
}

// Errors that mean "the back end is not there (yet)": worth one retry, since the Secret Service is
// D-Bus activated and its first call can fail while it starts.
bool notReady(QKeychain::Error error)
{
    return error == QKeychain::NoBackendAvailable || error == QKeychain::OtherError;
}

} // namespace

KeychainSecretStore::KeychainSecretStore(QString service, QObject* parent)
    : SecretStore(parent), m_service(std::move(service))
{
}

KeychainSecretStore::~KeychainSecretStore() = default;

QString KeychainSecretStore::backendName() const
{
#if defined(Q_OS_MACOS)
    return QStringLiteral("macOS Keychain");
#elif defined(Q_OS_WIN)
    return QStringLiteral("Windows Credential Manager");
#else
    return QStringLiteral("Secret Service");
#endif
}

void KeychainSecretStore::read(const QString& name, ReadCallback done)
{
    auto op = std::make_shared<Operation>();
    op->kind = Operation::Kind::Read;
    op->name = name;
    op->readDone = std::move(done);
    enqueue(std::move(op));
}

void KeychainSecretStore::write(const QString& name, QByteArrayView value, DoneCallback done)
{
    auto op = std::make_shared<Operation>();
    op->kind = Operation::Kind::Write;
    op->name = name;
    op->value = std::make_shared<ApiKeys::Secret>(ApiKeys::Secret::copyOf(value));
    op->done = std::move(done);
    enqueue(std::move(op));
}

void KeychainSecretStore::remove(const QString& name, DoneCallback done)
{
    // The Secret Service reports success for deleting an entry that does not exist; read first so
    // "not found" is reported as the other stores report it.
    read(name, [this, name, done = std::move(done)](Core::Result<ApiKeys::Secret> found) mutable {
        if (!found) {
            done(found.error());
            return;
        }
        auto op = std::make_shared<Operation>();
        op->kind = Operation::Kind::Remove;
        op->name = name;
        op->done = std::move(done);
        enqueue(std::move(op));
    });
}

void KeychainSecretStore::enqueue(std::shared_ptr<Operation> op)
{
    if (!Config::SecretReference::isValidName(op->name)) {
        // Still asynchronous: the callback never runs inside the caller's call.
        QTimer::singleShot(0, this, [op, e = invalidNameError(op->name)] { op->fail(e); });
        return;
    }
    m_queue.push_back(std::move(op));
    if (!m_busy)
        QTimer::singleShot(0, this, &KeychainSecretStore::startNext);
    m_busy = true;
}

void KeychainSecretStore::startNext()
{
    if (m_queue.empty()) {
        m_busy = false;
        return;
    }
    m_busy = true;
    const std::shared_ptr<Operation> op = m_queue.front();

    QKeychain::Job* job = nullptr;
    switch (op->kind) {
    case Operation::Kind::Read:
        job = new QKeychain::ReadPasswordJob(m_service, this);
        break;
    case Operation::Kind::Write: {
        auto* write = new QKeychain::WritePasswordJob(m_service, this);
        // QtKeychain copies the bytes into its own (shared) buffer for the D-Bus call.
        write->setBinaryData(op->value->view().toByteArray());
        job = write;
        break;
    }
    case Operation::Kind::Remove:
        job = new QKeychain::DeletePasswordJob(m_service, this);
        break;
    }
    // Never a plain-text QSettings file instead of the keychain.
    job->setInsecureFallback(false);
    job->setAutoDelete(false);
    job->setKey(op->name);

    auto* timer = new QTimer(job);
    timer->setObjectName(QStringLiteral("gatekeeperTimeout"));
    timer->setSingleShot(true);
    connect(timer, &QTimer::timeout, this, [this, op, job] { finish(op, job, true); });
    connect(job, &QKeychain::Job::finished, this, [this, op, job] { finish(op, job, false); });
    timer->start(m_timeoutMs);
    job->start();
}

void KeychainSecretStore::finish(const std::shared_ptr<Operation>& op, QKeychain::Job* job, bool timedOut)
{
    // Whatever finished first wins; the job is detached and deleted later.
    job->disconnect(this);
    if (auto* timer = job->findChild<QTimer*>(QStringLiteral("gatekeeperTimeout"), Qt::FindDirectChildrenOnly))
        timer->stop();
    const QKeychain::Error error = timedOut ? QKeychain::OtherError : job->error();
    const QString detail = timedOut ? QStringLiteral("no answer within %1 ms").arg(m_timeoutMs) : job->errorString();
    QByteArray data;
    if (!timedOut && error == QKeychain::NoError && op->kind == Operation::Kind::Read)
        data = static_cast<QKeychain::ReadPasswordJob*>(job)->binaryData();
    if (timedOut) {
        // A job that never answers cannot be cancelled; let it finish (and delete itself) on its own.
        job->setAutoDelete(true);
    } else {
        job->deleteLater();
    }

    if (!timedOut && notReady(error) && op->attempt == 0) {
        ++op->attempt;
        qCDebug(lcSecrets) << "keychain not ready, retrying once:" << detail;
        QTimer::singleShot(m_retryDelayMs, this, &KeychainSecretStore::startNext);
        return;
    }
    m_queue.pop_front();

    if (error == QKeychain::NoError || error == QKeychain::EntryNotFound || error == QKeychain::CouldNotDeleteEntry) {
        setAvailable();
    } else {
        const Core::Error e = translateError(error, detail, op->name);
        qCDebug(lcSecrets) << "keychain unavailable:" << detail;
        setUnavailable(e);
    }

    if (error == QKeychain::NoError) {
        if (op->readDone) {
            ApiKeys::Secret secret = ApiKeys::Secret::copyOf(data);
            ApiKeys::cleanse(data);
            op->readDone(std::move(secret));
        } else if (op->done) {
            op->done({});
        }
    } else {
        op->fail(translateError(error, detail, op->name));
    }
    QTimer::singleShot(0, this, &KeychainSecretStore::startNext);
}

} // namespace Secrets
