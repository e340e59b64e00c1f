internal import CLibXML2
#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import Synchronization

extension SafeXML {
    /// Initialises libxml2 and installs the deny-all external entity loader; safe to call any number of times.
    ///
    /// It also puts our loader back if something else in the process replaced it, so a parse never runs
    /// with a loader that could read files or open connections.
    public static func installHardening() {
        Hardening.install()
    }

    /// Whether libxml2's process-wide external entity loader is ours; the gateway refuses to start otherwise.
    public static var hardeningIsInstalled: Bool {
        Hardening.ourLoaderIsInstalled
    }

    /// How many times libxml2 asked to load an external resource and was refused, since the process started.
    public static var deniedExternalLoads: Int {
        Hardening.deniedTotal.load(ordering: .relaxed)
    }
}

/// Process-wide libxml2 set-up (§2.4 "process setup") and the counters of refused external loads.
enum Hardening {
    static let deniedTotal = Atomic<Int>(0)

    /// Refused loads on the calling thread: a parse runs on one thread, so comparing this before and after a
    /// parse attributes refusals to that parse even while other threads parse concurrently.
    static var deniedOnThisThread: Int {
        Int(bitPattern: pthread_getspecific(threadCounterKey))
    }

    static var ourLoaderIsInstalled: Bool {
        guard let current = xmlGetExternalEntityLoader() else { return false }
        return unsafeBitCast(current, to: UnsafeRawPointer.self) == unsafeBitCast(denyAll, to: UnsafeRawPointer.self)
    }

    static func install() {
        initialisation.withLock { initialised in
            if !initialised {
                xmlInitParser()
                initialised = true
            }
            if !ourLoaderIsInstalled {
                xmlSetExternalEntityLoader(denyAll)
            }
        }
    }

    /// The loader libxml2 calls for every DTD, external entity, XInclude or schema import: it never loads.
    static let denyAll: xmlExternalEntityLoader = { _, _, _ in
        Hardening.deniedTotal.add(1, ordering: .relaxed)
        let onThread = Hardening.deniedOnThisThread
        pthread_setspecific(Hardening.threadCounterKey, UnsafeRawPointer(bitPattern: onThread + 1))
        return nil
    }

    private static let initialisation = Mutex(false)

    private static let threadCounterKey: pthread_key_t = {
        var key = pthread_key_t()
        let status = pthread_key_create(&key, nil)
        precondition(status == 0, "cannot create the thread-local counter of refused XML loads")
        return key
    }()
}
