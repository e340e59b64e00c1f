import Foundation
import PackagePlugin

/// Stamps the executable with the version in `VERSION` and the git commit it is built from, computed at each
/// build so that no file changing with every commit is kept in the repository.
@main
struct BuildInfoPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: any Target) throws -> [Command] {
        let package = context.package.directoryURL
        let output = context.pluginWorkDirectoryURL.appending(path: "Generated")
        return [.prebuildCommand(
            displayName: "Stamping \(target.name) with its version and commit",
            executable: URL(fileURLWithPath: "/bin/sh"),
            arguments: [
                package.appending(path: "scripts/build-info.sh").path,
                package.path,
                output.appending(path: "BuildInfo.swift").path,
            ],
            outputFilesDirectory: output)]
    }
}
