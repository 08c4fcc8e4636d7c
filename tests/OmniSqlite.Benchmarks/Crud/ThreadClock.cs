using System.Runtime.InteropServices;

namespace OmniSqlite.Benchmarks.Crud
{
    /// <summary>
    /// The calling thread's CPU time (Linux clock_gettime(CLOCK_THREAD_CPUTIME_ID), nanosecond resolution): user and kernel
    /// time spent by this thread, not the time it waited for a core another process held or blocked in fsync. On a machine
    /// shared with other work this measures what a library costs where wall time measures the neighbours.
    /// </summary>
    public static class ThreadClock
    {
        private const int ClockThreadCpuTimeId = 3;

        [StructLayout(LayoutKind.Sequential)]
        private struct Timespec { public long Seconds; public long Nanoseconds; }

        [DllImport("libc", EntryPoint = "clock_gettime")]
        private static extern int ClockGetTime(int clock, out Timespec time);

        /// <summary>True where the thread CPU clock can be read (Linux).</summary>
        public static bool IsAvailable { get; } = OperatingSystem.IsLinux() && Probe();

        private static bool Probe()
        {
            try { return ClockGetTime(ClockThreadCpuTimeId, out _) == 0; }
            catch (DllNotFoundException) { return false; }
            catch (EntryPointNotFoundException) { return false; }
        }

        /// <summary>This thread's CPU time so far, in milliseconds.</summary>
        public static double NowMilliseconds()
        {
            if (ClockGetTime(ClockThreadCpuTimeId, out var t) != 0) throw new InvalidOperationException("clock_gettime(CLOCK_THREAD_CPUTIME_ID) failed.");
            return t.Seconds * 1e3 + t.Nanoseconds / 1e6;
        }
    }
}
