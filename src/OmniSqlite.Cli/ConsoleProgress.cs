using System;
using System.Diagnostics;
using System.IO;

namespace OmniSqlite.Cli
{
    /// <summary>A one-line progress bar on stderr, redrawn at most ten times a second; silent when disabled.</summary>
    internal sealed class ConsoleProgress : IProgress<BackupProgress>
    {
        private const int Width = 30;
        private readonly TextWriter _writer;
        private readonly bool _enabled;
        private readonly Stopwatch _sinceDraw = Stopwatch.StartNew();
        private BackupStage? _stage;
        private bool _drawn;

        public ConsoleProgress(TextWriter writer, bool enabled)
        {
            _writer = writer;
            _enabled = enabled;
        }

        public void Report(BackupProgress value)
        {
            if (!_enabled)
            {
                return;
            }

            bool newStage = _stage != value.Stage;
            bool last = value.Total > 0 && value.Completed >= value.Total;
            if (!newStage && !last && _sinceDraw.ElapsedMilliseconds < 100)
            {
                return;
            }

            if (newStage && _drawn)
            {
                _writer.WriteLine();
            }

            _stage = value.Stage;
            _sinceDraw.Restart();
            if (value.Stage == BackupStage.Completed)
            {
                _drawn = false;
                return;
            }

            int filled = (int)Math.Round(value.Percent / 100 * Width);
            string amounts = CountsBytes(value.Stage) && value.Total > 0 ? $"  {Size(value.Completed)} / {Size(value.Total)}" : "";
            _writer.Write($"\r{value.Stage,-12} [{new string('#', filled)}{new string('.', Width - filled)}] {value.Percent,5:0.0}%{amounts}   ");
            _writer.Flush();
            _drawn = true;
        }

        /// <summary>Ends the line when something was drawn.</summary>
        public void Finish()
        {
            if (_drawn)
            {
                _writer.WriteLine();
                _drawn = false;
            }
        }

        /// <summary>Stages whose amounts are bytes; Verifying and Publishing may count steps instead (1 of 2 is not "2 B").</summary>
        private static bool CountsBytes(BackupStage stage)
            => stage is BackupStage.Copying or BackupStage.Compressing or BackupStage.Checksumming or BackupStage.Extracting;

        internal static string Size(long bytes)
        {
            string[] units = { "B", "KiB", "MiB", "GiB", "TiB" };
            double value = bytes;
            int unit = 0;
            while (value >= 1024 && unit < units.Length - 1)
            {
                value /= 1024;
                unit++;
            }

            return unit == 0 ? $"{bytes} B" : $"{value:0.0} {units[unit]}";
        }
    }
}
