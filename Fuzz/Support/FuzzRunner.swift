#if canImport(Glibc)
import Glibc
#endif

/// Runs one parser's fuzz body: under libFuzzer when built with `-DSETTLE_FUZZING`
/// (and `-sanitize=fuzzer,address`), otherwise over the files named on the command line
/// (a seed corpus, a crash to reproduce), so every plain build keeps the targets compiling
/// and the corpora replayable.
public enum FuzzRunner {
    public typealias Body = @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt

    /// The executable's entry point; returns the process exit code.
    public static func main(_ body: Body) -> Int32 {
        #if SETTLE_FUZZING
        var argc = CommandLine.argc
        var argv = CommandLine.unsafeArgv
        return withUnsafeMutablePointer(to: &argc) { count in
            withUnsafeMutablePointer(to: &argv) { vector in
                vector.withMemoryRebound(to: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.self, capacity: 1) {
                    LLVMFuzzerRunDriver(count, $0, body)
                }
            }
        }
        #else
        var replayed = 0
        for path in CommandLine.arguments.dropFirst() {
            for file in files(at: path) {
                guard let bytes = read(file) else {
                    print("cannot read \(file)")
                    return 1
                }
                _ = bytes.withUnsafeBufferPointer { body($0.baseAddress, $0.count) }
                replayed += 1
            }
        }
        print("replayed \(replayed) inputs")
        return 0
        #endif
    }

    /// Reports a broken invariant and aborts, which libFuzzer records as a crash with its input.
    public static func fail(_ message: String) -> Never {
        print("fuzz invariant broken: \(message)")
        abort()
    }

    /// The inputs under `path`: the file itself, or the files of a directory.
    static func files(at path: String) -> [String] {
        guard let directory = opendir(path) else { return [path] }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if !name.hasPrefix(".") { names.append(path + "/" + name) }
        }
        return names.sorted()
    }

    static func read(_ path: String) -> [UInt8]? {
        guard let file = fopen(path, "rb") else { return nil }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = fread(&chunk, 1, chunk.count, file)
            if count <= 0 { break }
            bytes += chunk[0..<count]
        }
        return bytes
    }
}

#if SETTLE_FUZZING
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ body: FuzzRunner.Body
) -> CInt
#endif
