#if canImport(Glibc)
internal import Glibc
#endif

/// Gives memory a bulk job has freed back to the operating system.
///
/// glibc keeps freed heap pages for reuse, so after a job that held a whole cycle (a VEE run
/// of 100,000 agreements) the host stays at that job's peak until it exits. A module calls
/// this when such a job ends; it costs a few milliseconds and changes nothing but RSS.
public enum FreedMemory {
    public static func release() {
        #if canImport(Glibc)
        // `malloc_trim` is glibc's (malloc.h, which Swift's Glibc module leaves out): found at
        // run time, so a C library without it simply keeps its pages.
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") else { return }
        typealias Trim = @convention(c) (Int) -> Int32
        _ = unsafeBitCast(symbol, to: Trim.self)(0)
        #endif
    }
}
