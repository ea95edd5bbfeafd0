#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Finds the Python files a codemod may touch under a root directory.
///
/// Inside a git work tree the answer is git's (tracked plus untracked-but-not-ignored files), so
/// `.gitignore` decides as it does for the user's other tools. Elsewhere a directory walk stands
/// in for it. Either way, directories that hold other people's code (virtualenvs, caches,
/// `node_modules`) are left out, and so are symlinks: the file they point to is listed under its
/// own path when it is inside the root, and writing through both names would rewrite it twice.
public enum FileDiscovery {
  /// Relative `/`-separated paths of the `*.py` regular files under `root`, sorted by bytes.
  public static func pythonFiles(root: String) throws -> [String] {
    try pythonFiles(root: root, environment: nil)
  }

  /// What the caller already knows of the git work tree around `root`: each git process
  /// costs milliseconds of a run's serial start.
  enum WorkTree {
    /// Ask git.
    case unknown
    /// Git said `root` is in no work tree.
    case none
    case repository(GitRepository)
  }

  /// `jobs`: directories listed in parallel when the tree is walked (outside git).
  static func pythonFiles(root: String, workTree: WorkTree, jobs: Int = 1) throws -> [String] {
    try pythonFiles(root: root, environment: nil, workTree: workTree, jobs: jobs)
  }

  static func pythonFiles(root: String, environment: [String: String]?, workTree: WorkTree = .unknown, jobs: Int = 1) throws -> [String] {
    var info = stat()
    guard stat(root, &info) == 0 else { throw FileIOError(path: root, operation: "read", errno: errno) }
    guard (info.st_mode & S_IFMT) == S_IFDIR else {
      throw FileIOError(path: root, operation: "read", errno: ENOTDIR)
    }
    let repository: GitRepository?
    switch workTree {
    case .unknown: repository = GitRepository.discover(at: root, environment: environment)
    case .none: repository = nil
    case .repository(let known): repository = known
    }
    let files: [String]
    if let repository {
      files = try fromGit(repository, root: root, jobs: jobs)
    } else {
      files = try walk(root, jobs: jobs)
    }
    return sortedByBytes(files)
  }

  /// `paths` in byte order (git's order), comparing each pair with one `memcmp` of contiguous
  /// UTF-8 instead of a generic element-by-element walk (which took most of the listing's time).
  /// The bytes of all paths sit in one buffer and the sort moves 32-bit indices: no array per
  /// path, nothing retained or released per comparison.
  static func sortedByBytes(_ paths: [String]) -> [String] {
    var pool: [UInt8] = []
    pool.reserveCapacity(paths.reduce(0) { $0 + $1.utf8.count })
    var offsets: [Int32] = [0]
    offsets.reserveCapacity(paths.count + 1)
    for path in paths {
      pool.append(contentsOf: path.utf8)
      offsets.append(Int32(pool.count))
    }
    var order = Array(Int32(0)..<Int32(paths.count))
    pool.withUnsafeBufferPointer { bytes in
      offsets.withUnsafeBufferPointer { offsets in
        let base = bytes.baseAddress
        order.sort { a, b in
          let (x, xEnd) = (Int(offsets[Int(a)]), Int(offsets[Int(a) + 1]))
          let (y, yEnd) = (Int(offsets[Int(b)]), Int(offsets[Int(b) + 1]))
          let common = min(xEnd - x, yEnd - y)
          let sign = common == 0 ? 0 : memcmp(base! + x, base! + y, common)
          return sign != 0 ? sign < 0 : xEnd - x < yEnd - y
        }
      }
    }
    return order.map { paths[Int($0)] }
  }

  /// Directory names never descended into: version control, caches, installed packages.
  static let skippedDirectories: Set<String> = [
    ".git", ".hg", ".svn", "__pycache__", "node_modules", ".venv", "venv", ".tox", ".nox",
    ".mypy_cache", ".pytest_cache", ".ruff_cache", "site-packages", ".eggs",
    // The tool's own backups of an interrupted phase.
    ".ssot-migrate-backup",
  ]

  // MARK: - git

  private static func fromGit(_ repository: GitRepository, root: String, jobs: Int) throws -> [String] {
    // `root` may be a subdirectory of the work tree, or reach it through a symlink; git reports
    // the top level with symlinks resolved, so compare resolved paths.
    let top = resolved(repository.root)
    let base = resolved(root)
    var prefix = ""
    if base != top {
      guard base.hasPrefix(top + "/") else { return try walk(root, jobs: jobs) }
      prefix = String(base.dropFirst(top.count + 1)) + "/"
      // A root that the enclosing repository ignores (a generated tree, a vendored checkout) is
      // not that repository's business: walk it.
      if repository.isIgnored(String(prefix.dropLast())) { return try walk(root, jobs: jobs) }
    }
    var venvCache: [String: Bool] = [:]
    var files: [String] = []
    for path in try repository.lsFiles() where path.hasSuffix(".py") && path.hasPrefix(prefix) {
      let relative = String(path.dropFirst(prefix.count))
      let directories = relative.split(separator: "/").dropLast()
      if directories.contains(where: { skippedDirectories.contains(String($0)) }) { continue }
      var ancestor = root
      var inVirtualenv = false
      for directory in directories {
        ancestor += "/" + directory
        if let known = venvCache[ancestor] {
          inVirtualenv = known
        } else {
          inVirtualenv = isVirtualenv(ancestor)
          venvCache[ancestor] = inVirtualenv
        }
        if inVirtualenv { break }
      }
      if inVirtualenv { continue }
      var info = stat()
      // Gone from disk (deleted, not yet committed) or not a regular file: nothing to rewrite.
      guard lstat(root + "/" + relative, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
        continue
      }
      files.append(relative)
    }
    return files
  }

  // MARK: - Walk

  /// Iterative, level by level, so a deep tree cannot overflow the call stack.
  private static func walk(_ root: String, jobs: Int = 1) throws -> [String] {
    // Level by level: the directories of one depth are listed in parallel (each listing is
    // mostly system calls), their subdirectories make the next level. The order of the files
    // found does not matter: the caller sorts them.
    var files: [String] = []
    var level: [String] = [""]
    while !level.isEmpty {
      let listed = ParallelMap.map(level, jobs: level.count >= 8 ? jobs : 1) { relative in
        Result { () throws(FileIOError) in try listDirectory(root, relative) }
      }
      level = []
      for listing in listed {
        let (found, directories) = try listing.get()
        files += found
        level += directories
      }
    }
    return files
  }

  /// The Python files and the subdirectories (relative to `root`) of one directory.
  private static func listDirectory(_ root: String, _ relative: String) throws(FileIOError) -> (files: [String], directories: [String]) {
    var files: [String] = []
    var directories: [String] = []
    let directory = relative.isEmpty ? root : root + "/" + relative
    guard let handle = opendir(directory) else {
      throw FileIOError(path: directory, operation: "read", errno: errno)
    }
    defer { closedir(handle) }
    while let entry = readdir(handle) {
      var kind = entry.pointee.d_type
      // The name's bytes are looked at before a String is made: a tree's other files (data,
      // `.pyc`, docs) need none.
      let (isPython, isDots) = withUnsafePointer(to: &entry.pointee.d_name) {
        $0.withMemoryRebound(to: UInt8.self, capacity: Int(NAME_MAX) + 1) { p -> (Bool, Bool) in
          let n = strlen(UnsafeRawPointer(p).assumingMemoryBound(to: CChar.self))
          let python = n >= 3 && p[n - 3] == UInt8(ascii: ".") && p[n - 2] == UInt8(ascii: "p") && p[n - 1] == UInt8(ascii: "y")
          let dots = p[0] == UInt8(ascii: ".") && (n == 1 || (n == 2 && p[1] == UInt8(ascii: ".")))
          return (python, dots)
        }
      }
      if isDots || (kind == UInt8(DT_REG) && !isPython) { continue }
      let name = withUnsafePointer(to: &entry.pointee.d_name) {
        $0.withMemoryRebound(to: CChar.self, capacity: Int(NAME_MAX) + 1) { String(cString: $0) }
      }
      let path = relative.isEmpty ? name : relative + "/" + name
      if kind == UInt8(DT_UNKNOWN) {
        var info = stat()
        guard lstat(root + "/" + path, &info) == 0 else { continue }
        switch info.st_mode & S_IFMT {
        case S_IFDIR: kind = UInt8(DT_DIR)
        case S_IFREG: kind = UInt8(DT_REG)
        default: kind = UInt8(DT_LNK)
        }
      }
      if kind == UInt8(DT_DIR) {
        if skippedDirectories.contains(name) || isVirtualenv(root + "/" + path) { continue }
        directories.append(path)
      } else if kind == UInt8(DT_REG) && isPython {
        files.append(path)
      }
    }
    return (files, directories)
  }

  /// A virtualenv under any name (`env`, `.env311`, ...) has a `pyvenv.cfg` at its top.
  private static func isVirtualenv(_ directory: String) -> Bool {
    access(directory + "/pyvenv.cfg", F_OK) == 0
  }

  private static func resolved(_ path: String) -> String {
    guard let real = realpath(path, nil) else { return path }
    defer { free(real) }
    return String(cString: real)
  }
}
