//! The console jixiao runs in, where Windows differs: the output code page, and whether the
//! program was started from Explorer (a double-click gives it a console of its own, which
//! closes the moment it exits) rather than from cmd.exe or PowerShell.
//!
//! Two kernel32 functions, declared here: no crate for them.

/// Sets the console's output code page to UTF-8 on Windows, so that the Chinese messages print
/// right in cmd.exe and PowerShell whatever the system's code page (936 on a Chinese Windows).
/// std writes to a console through WriteConsoleW anyway; the code page matters for the bytes
/// a program reading our output through a pipe decodes, and for child processes. Elsewhere
/// nothing to do.
pub fn init() {
    #[cfg(windows)]
    // SAFETY: a plain Win32 call with a constant argument; it fails harmlessly without a console.
    unsafe {
        win::SetConsoleOutputCP(win::CP_UTF8);
    }
}

/// Whether jixiao was started by a double-click in Explorer: on Windows, no other process
/// shares its console (cmd.exe or PowerShell would). Never elsewhere: a Linux file manager
/// starts a program without a terminal, and `jixiao` without arguments in a script or a
/// terminal must keep printing its help.
pub fn double_clicked() -> bool {
    #[cfg(windows)]
    {
        let mut ids = [0u32; 2];
        // SAFETY: the buffer holds the 2 ids the call is told it may write.
        let count = unsafe { win::GetConsoleProcessList(ids.as_mut_ptr(), ids.len() as u32) };
        count == 1
    }
    #[cfg(not(windows))]
    false
}

/// Keeps a console of its own open until the user presses Enter, so that a message printed
/// just before exiting can be read; does nothing when jixiao was started from a shell.
pub fn pause_if_double_clicked() {
    if double_clicked() {
        eprintln!("按回车键关闭这个窗口。");
        let mut line = String::new();
        let _ = std::io::stdin().read_line(&mut line);
    }
}

#[cfg(windows)]
mod win {
    pub const CP_UTF8: u32 = 65001;

    #[link(name = "kernel32")]
    unsafe extern "system" {
        pub fn SetConsoleOutputCP(code_page: u32) -> i32;
        pub fn GetConsoleProcessList(process_list: *mut u32, count: u32) -> u32;
    }
}
