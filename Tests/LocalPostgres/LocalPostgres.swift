import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A throwaway PostgreSQL server for tests and benchmarks: created on first use in a temporary folder, on a free
/// loopback port, with fsync on (the store refuses anything less), and stopped when the process exits.
public actor LocalPostgres {
    public static let shared = LocalPostgres()

    private var port: Int?
    private var databases = 0

    /// A new empty database on the shared server, as a URL the stores accept (no password: the server trusts
    /// loopback connections of its own throwaway cluster).
    public func makeDatabase(prefix: String = "passerelle") async throws -> String {
        let port = try start()
        databases += 1
        let name = "\(prefix)_\(getpid())_\(databases)"
        try Self.run(try Self.binary("createdb"), ["-h", "127.0.0.1", "-p", String(port), "-U", "postgres", name])
        return "postgres://postgres@127.0.0.1:\(port)/\(name)?sslmode=disable"
    }

    /// Runs one SQL statement as the superuser on a database of the server (e.g. to change a setting per database).
    public func execute(_ sql: String, database: String) throws {
        let port = try start()
        try Self.run(try Self.binary("psql"), ["-h", "127.0.0.1", "-p", String(port), "-U", "postgres", "-d", database,
                                               "-v", "ON_ERROR_STOP=1", "-q", "-c", sql])
    }

    private func start() throws -> Int {
        if let port { return port }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("passerelle-pg-\(getpid())-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        // initdb refuses to run as root: as root (CI), the cluster belongs to the `postgres` user the package creates.
        let asPostgres = getuid() == 0
        if asPostgres {
            try FileManager.default.setAttributes([.ownerAccountName: "postgres"], ofItemAtPath: folder.path)
        }
        let data = folder.appendingPathComponent("data").path
        let log = folder.appendingPathComponent("server.log").path
        try Self.run(try Self.binary("initdb"), ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"],
                     asPostgres: asPostgres)
        let port = try Self.freePort()
        try Self.run(try Self.binary("pg_ctl"), [
            "-D", data, "-l", log, "-w", "-t", "60", "start", "-o",
            "-p \(port) -c listen_addresses=127.0.0.1 -c unix_socket_directories=\(folder.path) -c max_connections=300 "
                + "-c fsync=on -c synchronous_commit=on -c full_page_writes=on",
        ], asPostgres: asPostgres)
        try LocalPostgresShutdown.register(pgCtl: try Self.binary("pg_ctl"), data: data, folder: folder.path,
                                           asPostgres: asPostgres)
        self.port = port
        return port
    }

    /// The server's programs: $PASSERELLE_PG_BIN, else the newest /usr/lib/postgresql/N/bin (Debian's layout).
    static func binary(_ name: String) throws -> String {
        let fileManager = FileManager.default
        if let folder = ProcessInfo.processInfo.environment["PASSERELLE_PG_BIN"] {
            return folder + "/" + name
        }
        let versions = (try? fileManager.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []
        for version in versions.compactMap(Int.init).sorted(by: >) {
            let path = "/usr/lib/postgresql/\(version)/bin/\(name)"
            if fileManager.isExecutableFile(atPath: path) { return path }
        }
        throw LocalPostgresError("PostgreSQL's \(name) was not found in /usr/lib/postgresql/*/bin: run `make setup` "
            + "(installs the Debian package postgresql) or set PASSERELLE_PG_BIN to the folder holding it")
    }

    /// Runs a program to completion and returns what it printed. posix_spawn and waitpid rather than Foundation's
    /// Process, whose exit notification was seen to hang when the server forked by pg_ctl outlives it.
    @discardableResult
    static func run(_ program: String, _ arguments: [String], asPostgres: Bool = false) throws -> String {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("local-postgres-\(UUID().uuidString).out")
        defer { try? FileManager.default.removeItem(at: output) }
        let pid = try spawn(program, arguments, asPostgres: asPostgres, output: output.path)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        let printed = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
        // WIFEXITED and WEXITSTATUS, which Swift does not import as macros.
        guard status & 0x7f == 0, (status >> 8) & 0xff == 0 else {
            throw LocalPostgresError("\((program as NSString).lastPathComponent) failed (status \(status)): \(printed)")
        }
        return printed
    }

    /// Starts a program with its output in a file and returns its process id.
    static func spawn(_ program: String, _ arguments: [String], asPostgres: Bool, output: String) throws -> pid_t {
        let argv = asPostgres ? ["/usr/sbin/runuser", "-u", "postgres", "--", program] + arguments : [program] + arguments
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let cArguments = argv.map { strdup($0) } + [nil]
        defer { cArguments.forEach { free($0) } }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, argv[0], &actions, nil, cArguments, environ)
        guard result == 0 else { throw LocalPostgresError("cannot start \(argv[0]): error \(result)") }
        return pid
    }

    /// A loopback TCP port nobody listens on right now.
    public static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
        }
        guard bound == 0 else { throw LocalPostgresError("no free loopback port") }
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

/// Stops the server and removes its folder once the test or bench process is gone, however it ended (a crash or
/// SIGKILL skips atexit handlers): a small shell loop watches the process id.
enum LocalPostgresShutdown {
    static func register(pgCtl: String, data: String, folder: String, asPostgres: Bool) throws {
        let stop = (asPostgres ? "/usr/sbin/runuser -u postgres -- " : "") + "\(pgCtl) -D '\(data)' -m immediate -w stop"
        let script = "while kill -0 \(getpid()) 2>/dev/null; do sleep 1; done; \(stop); rm -rf '\(folder)'"
        _ = try LocalPostgres.spawn("/bin/sh", ["-c", script], asPostgres: false, output: "/dev/null")
    }
}

/// The throwaway server could not be started; the message says what is missing.
public struct LocalPostgresError: Error, CustomStringConvertible {
    public var description: String

    init(_ description: String) { self.description = description }
}
