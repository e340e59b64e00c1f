import SafeXML

/// The published contract the adapter speaks: namespaces and the XSDs of `contracts/cassiopee/schema/`.
///
/// The schemas are compiled into the adapter (SwiftPM embeds the contract's own files through the `Schema`
/// link), so a gateway can never run a decoder and a schema of different versions, nor depend on its working
/// directory to find them.
struct CassiopeeContract: Sendable {
    /// Transmissions from Cassiopée: decisions and saisines (`transmission.v1.xsd`).
    static let executionNamespace = "urn:fr:justice:cassiopee:execution:v1"
    /// The stem every version of the transmission contract shares, to tell "another version" from "wrong".
    static let executionNamespaceStem = "urn:fr:justice:cassiopee:execution:"
    /// Retours to Cassiopée: reports and JAP decisions (`retour.v1.xsd`).
    static let retourNamespace = "urn:fr:justice:cassiopee:retour:v1"

    let transmission: XMLSchema
    let retour: XMLSchema

    /// Compiled once per process; an adapter is only built when both compile.
    static let compiled: Result<CassiopeeContract, XMLSchemaError> = Result { () throws(XMLSchemaError) in
        CassiopeeContract(transmission: try XMLSchema(bytes: PackageResources.transmission_v1_xsd),
                          retour: try XMLSchema(bytes: PackageResources.retour_v1_xsd))
    }
}
