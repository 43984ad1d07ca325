import Testing
@testable import InteractiveShell
