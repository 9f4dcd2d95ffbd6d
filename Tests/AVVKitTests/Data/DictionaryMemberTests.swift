import Testing
@testable import AVVKit

// A member of an object is found as the object's dictionary finds it, whether the object is
// small enough to be searched key by key or not.

@Test(arguments: [2, 7, 12, 13, 40])
func membersAreFoundAsTheDictionaryFindsThem(count: Int) {
    // Canonically equivalent spellings are one key, as for the dictionary.
    var members: [String: DataValue] = ["stra\u{DF}e": .string("Straße"), "gr\u{F6}\u{DF}e": .string("NFC")]
    for index in 0..<(count - 2) {
        // Short keys of one length that differ in one byte, and long ones.
        if index.isMultiple(of: 2) {
            members["k\(index % 10)\(index / 10)"] = .integer(index)
        } else {
            members["eineSehrLangeEigenschaft\(index)"] = .string("lang \(index)")
        }
    }
    #expect(members.count == count)
    let object = DataValue.object(members)
    let probes = Array(members.keys) + ["gro\u{308}\u{DF}e", "k99", "", "eineSehrLangeEigenschaft", "strasse"]
    for key in probes {
        #expect(object[key] == members[key], "\(key)")
        #expect(members.member(key) == members[key], "\(key)")
    }
    #expect(object["gro\u{308}\u{DF}e"] == .string("NFC"))
    #expect(object["k99"] == nil)
    #expect(DataValue.array([.object(members)])["k00"] == nil)
    #expect(DataValue.string("k00")["k00"] == nil)
}
