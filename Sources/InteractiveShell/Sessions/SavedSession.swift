/// What `:save` reports: the session folder's size on disk, the variables stored as part of
/// another (once), the variables that could not be saved, each with the reason, and the teacher
/// files the runs read.
struct SavedSession {
    /// Bytes of every file of the session folder.
    var bytes = 0
    /// `'m' is run.student, stored with the run`, one line each.
    var shared: [String] = []
    /// `'f' (function): script functions are not saved; …`, one line each.
    var unsaved: [String] = []
    /// The teacher checkpoints the saved runs read when they are restored, with the runs.
    var teachers: [String] = []
}
