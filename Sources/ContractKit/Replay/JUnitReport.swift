import SafeXML

/// A JUnit XML report of a replay, one `testsuite` per system and one `testcase` per contract case, as CI
/// servers read it.
public enum JUnitReport {
    public static func document(_ results: [CaseResult]) throws -> [UInt8] {
        var writer = XMLWriter()
        let failures = results.filter { !$0.passed }.count
        try writer.startElement("testsuites")
        try writer.attribute("name", value: "contracts")
        try writer.attribute("tests", value: "\(results.count)")
        try writer.attribute("failures", value: "\(failures)")
        try writer.attribute("time", value: seconds(results.reduce(0) { $0 + $1.seconds }))
        var systems: [String] = []
        for result in results where !systems.contains(result.system) { systems.append(result.system) }
        for system in systems {
            let cases = results.filter { $0.system == system }
            try writer.startElement("testsuite")
            try writer.attribute("name", value: system)
            try writer.attribute("tests", value: "\(cases.count)")
            try writer.attribute("failures", value: "\(cases.filter { !$0.passed }.count)")
            try writer.attribute("time", value: seconds(cases.reduce(0) { $0 + $1.seconds }))
            for result in cases {
                try writer.startElement("testcase")
                try writer.attribute("classname", value: "contracts.\(system)")
                try writer.attribute("name", value: result.name)
                try writer.attribute("time", value: seconds(result.seconds))
                if !result.passed {
                    try writer.startElement("failure")
                    try writer.attribute("message", value: result.problems[0])
                    try writer.text(result.problems.joined(separator: "\n"))
                    try writer.endElement()
                }
                try writer.endElement()
            }
            try writer.endElement()
        }
        try writer.endElement()
        return try writer.finish()
    }

    private static func seconds(_ value: Double) -> String {
        String(Double(Int(value * 1000)) / 1000)
    }
}
